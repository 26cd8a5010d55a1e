/**
 * A realistic reflection for the at-rest tests: identifiers typed in notes at two questions, a case
 * reference, a share, and a supervisor's reply naming the child. `secrets` are what must never be
 * found in the stored bytes when encrypted, and must be gone after erasure. A lone-working check-in
 * on the same case (in and out) puts the reference in the check-in and timer tables too.
 */
import { readFileSync } from 'node:fs';
import { call, driveToPreview, press, say } from '../support/local-client';

export interface Case {
  practitioner: string;
  caseRef: string;
  notes: Record<string, string>;
  reply: string;
  secrets: string[];
}

export const OKAFOR: Case = {
  practitioner: 'alex',
  caseRef: 'CR-55231',
  notes: {
    'ctx-contact': 'Call Mrs Okafor on 07700 900123 about her son Jayden',
    'ctx-engagement': 'Mum (Adaeze Okafor) shouted at the door, 12 Acacia Avenue, jayden.okafor@example.com',
  },
  reply: 'Ring Lea Manor High School about Jayden before Friday',
  secrets: ['CR-55231', 'Okafor', '07700 900123', '900123', 'Jayden', 'Adaeze', 'Acacia Avenue', 'Lea Manor'],
};

export const NOWAK: Case = {
  practitioner: 'alex',
  caseRef: 'CR-77410',
  notes: { 'ctx-contact': 'Spoke to Mr Nowak on 07700 900456 about Zofia' },
  reply: 'Thanks, discuss Zofia on Tuesday',
  secrets: ['CR-77410', 'Nowak', '07700 900456', 'Zofia'],
};

/** Drives one case through the local API: reflection with notes, share, the supervisor's reply, the inbox read. */
export async function reflectAndShare(url: string, c: Case): Promise<void> {
  const { preview } = await driveToPreview(url, c.practitioner, {
    caseRef: c.caseRef,
    contact: 'home-visit',
    engagement: 'hostile',
    childSeen: 'seen-alone',
    notes: c.notes,
  });
  await press(url, c.practitioner, preview, 'share');
  const threads = (await call(url, 'GET', '/local/threads?supervisor=sam')).json.threads as Array<{
    id: string;
    caseRef: string;
  }>;
  const thread = threads.find((t) => t.caseRef === c.caseRef);
  if (!thread) throw new Error(`TEST_NO_THREAD: no thread for the case among ${threads.length}`);
  const r = await call(url, 'POST', `/local/threads/${thread.id}/replies`, { user: 'sam', text: c.reply });
  if (r.status !== 200) throw new Error(`reply failed: ${r.status}`);
  await call(url, 'GET', `/local/messages?user=${c.practitioner}`);
  await say(url, c.practitioner, `checkin ${c.caseRef}`);
  await say(url, c.practitioner, '45 min');
  const checkin = (await call(url, 'GET', `/local/checkin?user=${c.practitioner}`)).json.checkin as {
    caseRef?: string;
  };
  if (checkin?.caseRef !== c.caseRef) throw new Error('TEST_NO_CHECKIN: the check-in was not opened');
  await say(url, c.practitioner, 'checkout');
}

/** Which of `needles` occur in the bytes of the given files (missing files count as empty). */
export function foundIn(files: string[], needles: string[]): string[] {
  const bytes = files.map((f) => {
    try {
      return readFileSync(f);
    } catch {
      return Buffer.alloc(0);
    }
  });
  return needles.filter((n) => bytes.some((b) => b.includes(Buffer.from(n, 'utf8'))));
}
