/**
 * The local channel: a JSON API over the same engine, for pilots, demos, the playground and tests.
 * People are known by their org-config id. It has no sign-in, so it is off in production unless
 * LOCAL_CHANNEL=on (see README, "Data protection").
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { detailsText } from '../../core/summary-text';
import { storedView } from '../../core/summary-view';
import type { Reply } from '../../core/types';
import type { ReflectService } from '../../app/service';
import { personName, shownCaseRef } from '../../app/events';
import { SupervisionError, threadPractitioners, type SupervisionService } from '../../app/supervision';
import type { ThreadMessage, ThreadRecord } from '../../store/port';

const LIMIT = '64kb';
// The body limit (413) is the hard cap. Text up to it reaches the service, whose own limits keep a
// note up to 4,000 characters and say so (issue 13 §3), rather than refusing it here and keeping nothing.
const TEXT_MAX = 64 * 1024;
const userId = z.string().min(1).max(64);
const messageBody = z
  .strictObject({
    user: userId,
    text: z.string().max(TEXT_MAX).optional(),
    choice: z.string().max(1000).optional(), // a checklist's ticked item ids, comma-joined
    questionId: z.string().max(200).optional(),
    token: z.string().max(200).optional(),
  })
  .refine((b) => b.text !== undefined || b.choice !== undefined, {
    message: 'send "text" (a message) or "choice" (a button id)',
  });
const actionBody = z.strictObject({
  user: userId,
  action: z.enum(['acknowledge', 'agenda']),
  messageId: z.string().max(200).optional(),
});
const replyBody = z.strictObject({
  user: userId,
  text: z.string().trim().min(1).max(8000),
  messageId: z.string().max(200).optional(), // the summary this reply answers; needed when two practitioners share the case
});

function bad(res: Response, issues: z.core.$ZodIssue[]): void {
  const message = issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  res.status(400).json({ error: { code: 'BAD_REQUEST', message } });
}

function forbidden(res: Response, who: string): void {
  res
    .status(403)
    .json({ error: { code: 'UNKNOWN_USER', message: `"${who}" is not a ${'person'} in this organisation's config.` } });
}

export function publicReply(r: Reply) {
  const details = r.details !== undefined ? { details: r.details } : {};
  return { id: r.id, kind: r.kind, text: r.text, ...details, choices: r.choices ?? [], meta: r.meta ?? {} };
}

/** A summary's `text` is its headline; `details` is the full reflection, from the same view model. */
function detailsOf(m: ThreadMessage): { details?: string } {
  const view = m.kind === 'summary' ? storedView(m.data) : undefined;
  return view ? { details: detailsText(view) } : {};
}

function publicThread(
  t: ThreadRecord & { messages: ThreadMessage[] },
  name: (id: string) => string,
  shown: (caseRef: string) => string,
) {
  return {
    id: t.id,
    title: t.title,
    practitioners: threadPractitioners(t, t.messages).map(name), // everyone who reflected on this case
    caseRef: shown(t.caseRef), // the key withheld when it identifies
    channel: t.channel,
    reflections: t.reflections,
    openFlags: t.openFlags,
    updatedAt: t.updatedAt,
    messages: t.messages.map((m) => ({
      id: m.id,
      kind: m.kind,
      author: m.author,
      text: m.text,
      ...detailsOf(m),
      acknowledged: m.acknowledged,
      alert: alertKind(m),
      onAgenda: m.onAgenda,
      createdAt: m.createdAt,
    })),
  };
}

/** What an alert message is, for the supervisor's view: urgent, overdue check-in, re-alert or note. */
function alertKind(m: ThreadMessage): string | undefined {
  if (m.kind !== 'alert') return undefined;
  const d = (m.data ?? {}) as { kind?: unknown; realertOf?: unknown; note?: unknown; resolves?: unknown };
  if (d.realertOf) return 'realert';
  if (d.resolves) return 'resolved';
  if (d.note) return 'note';
  return d.kind === 'overdue' ? 'overdue' : 'urgent';
}

export function localRouter(service: ReflectService, supervision: SupervisionService): Router {
  const r = express.Router();
  const json = express.json({ limit: LIMIT, strict: true });
  const isSupervisor = (id: string) => service.directory.isSupervisor(id);

  r.get('/people', (_req, res) => {
    const { practitioners, supervisors, organisation } = service.directory.org;
    res.json({
      organisation,
      practitioners: practitioners.map((p) => ({ id: p.id, name: p.name, supervisor: p.supervisor })),
      supervisors: supervisors.map((s) => ({ id: s.id, name: s.name })),
    });
  });

  r.post('/messages', json, async (req: Request, res: Response) => {
    const body = messageBody.safeParse(req.body);
    if (!body.success) return bad(res, body.error.issues);
    const { user, text, choice, questionId, token } = body.data;
    if (!service.practitioner(user)) return forbidden(res, user);
    const input =
      choice !== undefined
        ? { type: 'choice' as const, value: choice, questionId, token }
        : { type: 'text' as const, text: text ?? '' };
    const out = await service.handle({ channel: 'local', practitionerId: user, input });
    res.json({ replies: out.replies.map(publicReply) });
  });

  r.get('/messages', async (req: Request, res: Response) => {
    const q = z.object({ user: userId, after: z.string().max(200).optional() }).safeParse(req.query);
    if (!q.success) return bad(res, q.error.issues);
    // Supervisors read here too: direct urgent alerts and escalations arrive in their inbox.
    if (!service.practitioner(q.data.user) && !isSupervisor(q.data.user)) return forbidden(res, q.data.user);
    const inbox = await service.deps.store.listInbox(q.data.user, 'local', q.data.after);
    res.json({ messages: inbox.map((m) => publicReply(m.reply as Reply)) });
  });

  /** The practitioner's open check-in (lone working), for the playground: case and deadline. */
  r.get('/checkin', async (req: Request, res: Response) => {
    const q = z.object({ user: userId }).safeParse(req.query);
    if (!q.success) return bad(res, q.error.issues);
    if (!service.practitioner(q.data.user)) return forbidden(res, q.data.user);
    const c = await service.deps.store.getCheckin(q.data.user);
    const open = c?.status === 'open' ? c : undefined;
    res.json({
      checkin: open ? { caseRef: open.data.caseRef, startedAt: open.data.startedAt, dueAt: open.data.dueAt } : null,
    });
  });

  r.get('/threads', async (req: Request, res: Response) => {
    const q = z.object({ supervisor: userId }).safeParse(req.query);
    if (!q.success) return bad(res, q.error.issues);
    if (!isSupervisor(q.data.supervisor)) return forbidden(res, q.data.supervisor);
    const threads = await supervision.threadsFor(q.data.supervisor);
    const name = (id: string) => personName(service.deps.org, id);
    res.json({ threads: threads.map((t) => publicThread(t, name, (c) => shownCaseRef(service.deps.org, c))) });
  });

  r.post('/threads/:id/actions', json, async (req: Request, res: Response) => {
    const body = actionBody.safeParse(req.body);
    if (!body.success) return bad(res, body.error.issues);
    if (!isSupervisor(body.data.user)) return forbidden(res, body.data.user);
    await withSupervision(res, async () => {
      const out = await supervision.act({
        threadId: String(req.params.id),
        supervisorId: body.data.user,
        action: body.data.action,
        messageId: body.data.messageId,
      });
      res.json({
        ok: true,
        thread: { id: out.thread.id, openFlags: out.thread.openFlags, reflections: out.thread.reflections },
      });
    });
  });

  r.post('/threads/:id/replies', json, async (req: Request, res: Response) => {
    const body = replyBody.safeParse(req.body);
    if (!body.success) return bad(res, body.error.issues);
    if (!isSupervisor(body.data.user)) return forbidden(res, body.data.user);
    await withSupervision(res, async () => {
      const out = await supervision.reply({
        threadId: String(req.params.id),
        supervisorId: body.data.user,
        text: body.data.text,
        messageId: body.data.messageId,
      });
      res.json({ ok: true, to: out.practitionerId });
    });
  });
  return r;
}

async function withSupervision(res: Response, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof SupervisionError)) throw err;
    const status = { THREAD_NOT_FOUND: 404, MESSAGE_NOT_FOUND: 404, REPLY_AMBIGUOUS: 409, NOT_YOUR_THREAD: 403 };
    res.status(status[err.code]).json({ error: { code: err.code, message: err.message } });
  }
}
