/** A turn under construction: the state being changed, and the replies and events it produces. */
import { sourceLabel, type Catalog, type Question } from './catalog';
import { BACK_TO_SUMMARY, contextValue, inDeeper } from './flow';
import { plannedCoreSize } from './rotation';
import { resolveQuestion } from './support';
import { message, type Vars } from './text';
import type { EngineContext, EngineEvent, ReflectionState, Reply } from './types';

export class Turn {
  readonly replies: Reply[] = [];
  readonly events: EngineEvent[] = [];
  previous?: ReflectionState;

  constructor(
    readonly catalog: Catalog,
    readonly ctx: EngineContext,
    public state: ReflectionState,
  ) {}

  /** The progress total: known from the first question, growing only when more is accepted. */
  total(): number {
    const composed = this.state.queue.length > this.catalog.contextQuestions.length;
    return composed ? this.state.queue.length : this.state.queue.length + plannedCoreSize(this.catalog);
  }

  vars(extra: Vars = {}): Vars {
    const total = this.total();
    return {
      supervisor: this.ctx.supervisor.name,
      practitioner: this.ctx.practitioner.name,
      organisation: this.ctx.organisation,
      retentionDays: this.ctx.retentionDays,
      caseRef: this.caseRef(),
      n: Math.min(this.state.position + 1, total),
      total,
      status: this.state.status,
      ...extra,
    };
  }

  caseRef(): string {
    return contextValue(this.state, this.catalog, 'caseRef') ?? this.catalog.messages.caseRefNotGiven ?? '';
  }

  msg(key: string, extra: Vars = {}): string {
    return message(this.catalog, key, this.vars(extra), this.ctx.contacts);
  }

  say(key: string, extra: Vars = {}, kind: Reply['kind'] = 'info'): void {
    this.replies.push({ kind, text: this.msg(key, extra) });
  }

  sayText(text: string, kind: Reply['kind'] = 'info', meta?: Reply['meta']): void {
    this.replies.push({ kind, text, meta });
  }

  fillContent(text: string): string {
    return message({ ...this.catalog, messages: { t: text } }, 't', this.vars(), this.ctx.contacts);
  }

  current(): Question | undefined {
    const entry = this.state.queue[this.state.position];
    return entry === undefined ? undefined : resolveQuestion(this.catalog, entry, this.state);
  }

  audit(action: string, target = this.state.id): void {
    this.events.push({ type: 'audit', action, target });
  }

  touch(): void {
    this.state = { ...this.state, updatedAt: this.ctx.now.toISOString() };
  }

  /**
   * A prompt with buttons that is not a catalogue question (a confirmation, the urgent choices):
   * it gets a fresh token, so a press on any earlier prompt is recognised as stale. Shown again
   * while still waiting (after a stale press), it keeps its token, so the first copy's buttons work too.
   */
  prompt(
    questionId: string,
    text: string,
    choices: NonNullable<Reply['choices']>,
    kind: Reply['kind'] = 'question',
  ): void {
    const token = this.state.asked?.questionId === questionId ? this.state.asked.token : this.ctx.newId();
    this.state = { ...this.state, asked: { questionId, token } };
    this.replies.push({ kind, text, choices, meta: { questionId, token } });
  }

  /** A question added by going deeper also offers the way back (not among a checklist's items). */
  private choicesFor(q: Question): Question['choices'] | undefined {
    const own = q.kind === 'text' ? [] : q.choices;
    const back =
      q.kind !== 'checklist' && inDeeper(this.state) ? [{ id: BACK_TO_SUMMARY, label: this.msg('deeperBack') }] : [];
    return own.length + back.length > 0 ? [...own, ...back] : undefined;
  }

  /** Renders a question; a re-render of the same question keeps its token so older buttons still work. */
  ask(q: Question, progress = true): void {
    const token = this.state.asked?.questionId === q.id ? this.state.asked.token : this.ctx.newId();
    this.state = { ...this.state, asked: { questionId: q.id, token } };
    const hint =
      q.kind === 'text'
        ? this.msg('textInvite')
        : q.kind === 'checklist'
          ? this.msg('checklistInvite')
          : q.note
            ? this.msg('noteInvite')
            : undefined;
    this.replies.push({
      kind: 'question',
      text: this.fillContent(q.text),
      choices: this.choicesFor(q),
      meta: {
        questionId: q.id,
        token,
        progress: progress ? { index: this.state.position + 1, total: this.total() } : undefined,
        source: q.source ? sourceLabel(this.catalog, q.source) : undefined,
        sourceRef: q.source,
        hint,
        ...(q.kind === 'checklist' && { multiSelect: true }),
      },
    });
  }
}
