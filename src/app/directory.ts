/**
 * One directory of people, asked by every channel and use case, and the one authorisation rule
 * for case threads. Both read the organisation file as it is NOW (the source is called on every
 * request), so a practitioner who moves supervisor is followed at once: the old supervisor loses
 * read and reply access, the new one gains it, and `moveThreads` hands the threads over.
 */
import type { OrgConfig, Practitioner, Supervisor } from '../config/org';
import type { Store, ThreadRecord } from '../store/port';

const sameId = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

export class Directory {
  private readonly source: () => OrgConfig;

  constructor(source: OrgConfig | (() => OrgConfig)) {
    this.source = typeof source === 'function' ? source : () => source;
  }

  /** The organisation file as it is now. */
  get org(): OrgConfig {
    return this.source();
  }

  practitioner(id: string): Practitioner | undefined {
    return this.org.practitioners.find((p) => p.id === id);
  }

  supervisor(id: string): Supervisor | undefined {
    return this.org.supervisors.find((s) => s.id === id);
  }

  isSupervisor(id: string): boolean {
    return this.supervisor(id) !== undefined;
  }

  /** The practitioner's supervisor as the organisation file says today. */
  supervisorOf(practitionerId: string): Supervisor | undefined {
    const p = this.practitioner(practitionerId);
    return p ? this.supervisor(p.supervisor) : undefined;
  }

  name(id: string): string {
    return this.practitioner(id)?.name ?? this.supervisor(id)?.name ?? id;
  }

  /**
   * Finds people by a channel's own user id. Each channel passes how to read its id from a person
   * (the identity schema it registers), so this module names no channel.
   */
  byChannelId(
    idOf: (person: Practitioner | Supervisor) => string | undefined,
    value: string,
    options: { caseInsensitive?: boolean } = {},
  ): { practitioner?: Practitioner; supervisor?: Supervisor } {
    const same = options.caseInsensitive ? sameId : (a: string | undefined, b: string) => a === b;
    const org = this.org;
    return {
      practitioner: org.practitioners.find((p) => same(idOf(p), value)),
      supervisor: org.supervisors.find((s) => same(idOf(s), value)),
    };
  }

  /**
   * The one authorisation check: only the case's practitioner's current supervisor may read or act
   * on a thread (acknowledge, add to agenda, reply). The stored supervisor id is not trusted alone:
   * it may predate a move (until `moveThreads` runs, the new supervisor may already act on it).
   */
  mayActOn(supervisorId: string, thread: Pick<ThreadRecord, 'practitionerId'>): boolean {
    return this.supervisorOf(thread.practitionerId)?.id === supervisorId;
  }

  /** Hands every practitioner's threads to their current supervisor. Returns how many moved. */
  async moveThreads(store: Store, at: string): Promise<number> {
    let moved = 0;
    for (const p of this.org.practitioners) moved += await store.reassignThreads(p.id, p.supervisor, at);
    return moved;
  }
}
