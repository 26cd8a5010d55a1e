/** A small client for the local JSON API, and a driver that answers a whole reflection. */
export interface ApiReply {
  id: string;
  kind: string;
  text: string;
  details?: string; // a preview's full reflection (its headline is text)
  choices: Array<{ id: string; label: string }>;
  meta: {
    questionId?: string;
    token?: string;
    progress?: { index: number; total: number };
    source?: string;
    sourceRef?: string;
    multiSelect?: boolean;
  };
}

export async function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: res.status, json };
}

export async function say(url: string, user: string, text: string): Promise<ApiReply[]> {
  const r = await call(url, 'POST', '/local/messages', { user, text });
  if (r.status !== 200) throw new Error(`POST /local/messages ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.replies as ApiReply[];
}

export async function press(url: string, user: string, reply: ApiReply, choice: string): Promise<ApiReply[]> {
  const r = await call(url, 'POST', '/local/messages', {
    user,
    choice,
    questionId: reply.meta.questionId,
    token: reply.meta.token,
  });
  if (r.status !== 200) throw new Error(`POST /local/messages ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.replies as ApiReply[];
}

export const lastQuestion = (replies: ApiReply[]) =>
  [...replies].reverse().find((r) => r.kind === 'question' || r.kind === 'preview');

export interface Plan {
  caseRef: string;
  contact: string; // choice id
  engagement: string;
  childSeen: string;
  /** choice per question id (or per question-id prefix ending with '*'); default: "no", else the first choice. */
  answers?: Record<string, string>;
  notes?: Record<string, string>;
  acceptOffers?: boolean;
}

function choose(plan: Plan, q: ApiReply): string {
  const id = q.meta.questionId ?? '';
  const offered = (c: string | undefined) => (c !== undefined && q.choices.some((x) => x.id === c) ? c : undefined);
  const exact = offered(plan.answers?.[id]);
  if (exact) return exact;
  const prefix = offered(
    Object.entries(plan.answers ?? {}).find(([k]) => k.endsWith('*') && id.startsWith(k.slice(0, -1)))?.[1],
  );
  if (prefix) return prefix;
  if (id.startsWith('offer:')) return plan.acceptOffers ? 'yes' : 'no';
  if (id === 'continue' || q.choices.some((c) => c.id === 'continue')) return 'continue';
  if (q.choices.some((c) => c.id === 'no')) return 'no';
  return q.choices[0]?.id ?? 'no';
}

/** Answers every question until the preview is shown; returns the preview reply and the question ids asked. */
export async function driveToPreview(
  url: string,
  user: string,
  plan: Plan,
): Promise<{ preview: ApiReply; asked: string[] }> {
  let replies = await say(url, user, 'hello');
  const asked: string[] = [];
  const context: Record<string, string> = { caseRef: plan.caseRef };
  let previous = '';
  for (let step = 0; step < 300; step++) {
    const q = lastQuestion(replies);
    if (!q) throw new Error(`no question in replies after ${previous}: ${JSON.stringify(replies.map((r) => r.text))}`);
    if (q.kind === 'preview') return { preview: q, asked };
    const id = q.meta.questionId ?? '';
    asked.push(id);
    if (plan.notes?.[id]) await say(url, user, plan.notes[id]);
    if (q.choices.length === 0) {
      replies = await say(url, user, step === 0 ? context.caseRef! : `A note for ${id}`);
      continue;
    }
    const pick =
      step === 1 ? plan.contact : step === 2 ? plan.engagement : step === 3 ? plan.childSeen : choose(plan, q);
    previous = `${id} -> ${pick}`;
    replies = await press(url, user, q, pick);
  }
  throw new Error('reflection did not reach the preview in 300 steps');
}
