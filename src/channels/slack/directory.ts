/**
 * Who is who in Slack: the organisation file maps Slack user ids to practitioners and supervisors.
 * Nobody else is served, so an unknown Slack user never reaches the store.
 */
import type { OrgConfig, Practitioner } from '../../config/org';
import type { Supervisor } from '../../config/org';

export class SlackDirectory {
  private readonly practitioners = new Map<string, Practitioner>();
  private readonly supervisors = new Map<string, Supervisor>();

  constructor(private readonly org: OrgConfig) {
    for (const p of org.practitioners) if (p.slack) this.practitioners.set(p.slack.user, p);
    for (const s of org.supervisors) if (s.slack) this.supervisors.set(s.slack.user, s);
  }

  practitioner(slackUser: string): Practitioner | undefined {
    return this.practitioners.get(slackUser);
  }

  supervisor(slackUser: string): Supervisor | undefined {
    return this.supervisors.get(slackUser);
  }

  supervisorById(id: string): Supervisor | undefined {
    return this.org.supervisors.find((s) => s.id === id);
  }

  practitionerById(id: string): Practitioner | undefined {
    return this.org.practitioners.find((p) => p.id === id);
  }

  personName(id: string): string {
    return this.practitionerById(id)?.name ?? this.supervisorById(id)?.name ?? id;
  }
}
