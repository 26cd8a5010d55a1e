/**
 * A supervisor's overview: their open case threads and the flags still awaiting acknowledgement,
 * newest first. One query every channel can render (Slack App Home and /reflect today).
 * Case threads never close, so "open" is the most recent ones; each lists what awaits Picked up.
 */
import type { Store, ThreadMessage, ThreadRecord } from '../store/port';

export interface AwaitingItem {
  messageId: string;
  kind: ThreadMessage['kind'];
  flags: number;
  createdAt: string;
}

export interface ThreadOverview {
  thread: ThreadRecord;
  awaiting: AwaitingItem[];
}

const awaitingOf = (messages: ThreadMessage[]): AwaitingItem[] =>
  messages
    .filter((m) => !m.acknowledged && (m.kind === 'alert' || (m.kind === 'summary' && m.flags > 0)))
    .map((m) => ({ messageId: m.id, kind: m.kind, flags: m.flags, createdAt: m.createdAt }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));

export async function supervisorOverview(
  store: Store,
  supervisorId: string,
  channel: string,
  max = 20,
): Promise<ThreadOverview[]> {
  const threads = await store.listThreads(supervisorId, channel);
  const out: ThreadOverview[] = [];
  for (const thread of [...threads].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, max)) {
    out.push({ thread, awaiting: awaitingOf(await store.listThreadMessages(thread.id)) });
  }
  return out;
}
