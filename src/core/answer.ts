/** Answering the current question: recording, flags, the urgent path, follow-ups and moving on. */
import { patchAssist } from './assist-state';
import { sourceLabel, type Question } from './catalog';
import { flagsFor } from './flags';
import { composeFlow, contextDone, expandDeeper, expandOffer, insertFollowUps, isDeeper, isOffer } from './flow';
import { showPreview } from './preview';
import { clear } from './gate';
import { caseRefConcerns, NOT_THE_FORMAT, shareableCaseRef } from './redact';
import { normalise } from './text';
import { looksLikeItems, readChecklist, understandChoice } from './understand';
import type { Turn } from './turn';
import type { Answer } from './types';

/** A button value or typed text that is exactly an answer (for a checklist: its ticked items). */
export function matchChoice(q: Question, text: string): string | undefined {
  if (q.kind === 'checklist') {
    const read = readChecklist(q, text);
    return read?.kind === 'answer' ? read.choice : undefined;
  }
  const t = normalise(text);
  return q.choices.find((c) => normalise(c.id) === t || normalise(c.label) === t)?.id;
}

/**
 * Typed text on a question with choices: an answer, an answer with a note ("yes - the curtains
 * twitched"), unknown checklist items (a one-line reply numbers the items), or a note.
 */
export function answerTyped(turn: Turn, q: Question, text: string): void {
  if (q.kind === 'checklist') {
    const read = readChecklist(q, text);
    if (read?.kind === 'answer') return answerChoice(turn, q, read.choice);
    if (read?.kind === 'unknown' && looksLikeItems(text)) {
      const items = q.choices.map((c, i) => `${i + 1} ${c.label}`).join(' · ');
      return turn.say('checklistUnknown', { unknown: read.items.join(', '), items }, 'error');
    }
    return answerText(turn, q, text);
  }
  const understood = understandChoice(q, text);
  if (!understood) return answerText(turn, q, text);
  if (understood.note) {
    const before = turn.state.answers[q.id]?.note;
    record(turn, q, { note: before ? `${before}\n${understood.note}` : understood.note });
    const label = q.choices.find((c) => c.id === understood.choice)?.label ?? understood.choice;
    turn.say('understoodWithNote', { label });
  }
  answerChoice(turn, q, understood.choice);
}

/** Ask the current question, skipping entries that no longer resolve; past the end, the preview. */
export function askCurrent(turn: Turn): void {
  for (;;) {
    if (turn.state.position >= turn.state.queue.length) return showPreview(turn);
    const q = turn.current();
    if (q) return applyAcceptedTriage(turn, q) ? undefined : turn.ask(q);
    turn.state = { ...turn.state, position: turn.state.position + 1 };
  }
}

/**
 * A model suggestion the practitioner accepted with a button press (src/core/assist.ts) answers its
 * context question when that question comes up, exactly as pressing the answer would.
 */
function applyAcceptedTriage(turn: Turn, q: Question): boolean {
  const accepted = turn.state.llm?.triage;
  if (accepted?.questionId !== q.id) return false;
  turn.state = patchAssist(turn.state, { triage: undefined });
  const label = q.choices.find((c) => c.id === accepted.choice)?.label;
  if (!label || turn.state.answers[q.id]) return false;
  turn.say('assistTriageApplied', { label });
  answerChoice(turn, q, accepted.choice);
  return true;
}

/** Moves past the current entry; composes the flow once the last context question is done. */
function step(turn: Turn): void {
  turn.state = { ...turn.state, position: turn.state.position + 1 };
  const taken = turn.state.openingTaken ?? [];
  while (
    taken.includes(turn.state.queue[turn.state.position] ?? '') &&
    turn.state.answers[turn.state.queue[turn.state.position] ?? '']
  )
    turn.state = { ...turn.state, position: turn.state.position + 1 };
  if (turn.state.queue.length === turn.catalog.contextQuestions.length && contextDone(turn.state, turn.catalog)) {
    const flow = composeFlow(turn.catalog, turn.state, turn.ctx.history ?? []);
    turn.state = { ...turn.state, queue: [...turn.state.queue, ...flow] };
  }
}

/** Moves past the context questions an opening message already answered, composing the flow if they were the last. */
export function skipTaken(turn: Turn): void {
  turn.state = { ...turn.state, position: turn.state.position - 1 };
  step(turn);
}

export function advance(turn: Turn): void {
  step(turn);
  turn.state = { ...turn.state, pending: undefined };
  askCurrent(turn);
}

/** After an answer: move on, show what it flags, then ask the next question unless the urgent path took over. */
function moveOn(turn: Turn, q: Question, before: Answer | undefined): void {
  step(turn);
  turn.state = { ...turn.state, pending: undefined };
  if (!raiseFlags(turn, q, before)) askCurrent(turn);
}

function record(turn: Turn, q: Question, patch: Partial<Answer>): Answer | undefined {
  const before = turn.state.answers[q.id];
  const answer: Answer = { ...before, ...patch, at: turn.ctx.now.toISOString() };
  turn.state = {
    ...turn.state,
    answers: { ...turn.state.answers, [q.id]: answer },
    skipped: turn.state.skipped.filter((id) => id !== q.id),
  };
  return before;
}

/** Raises what a new answer flags. Returns true when the urgent path took over the turn (it no longer does for answers). */
export function raiseFlags(turn: Turn, q: Question, before: Answer | undefined): boolean {
  const now = flagsFor(turn.catalog, q, turn.state.answers[q.id]);
  const had = new Set(flagsFor(turn.catalog, q, before).map((f) => f.id));
  const urgent = false;
  for (const flag of now.filter((f) => !had.has(f.id))) {
    if (flag.severity === 'urgent') {
      // An answer that is urgent alerts at once and then carries on without a stop: the next
      // question follows the signpost, and "pause" is one word away (said in the signpost).
      urgentPath(turn, flag.id, flag.title, false);
      continue;
    }
    turn.sayText(turn.msg('flagRaised', { title: flag.title, text: turn.fillContent(flag.text) }), 'flag', {
      severity: flag.severity,
      source: sourceLabel(turn.catalog, flag.source),
      sourceRef: flag.source,
    });
  }
  return urgent;
}

/**
 * The urgent path: signpost the organisation's contacts and alert the supervisor at once, before
 * any summary. The alert carries the flag and case reference only, never free text.
 */
export function urgentPath(turn: Turn, flagId: string, flagTitle: string, ask = true): void {
  if (turn.state.alertsSent.includes(flagId)) {
    turn.say('urgentAlreadyAlerted', {}, 'urgent');
  } else {
    turn.state = { ...turn.state, alertsSent: [...turn.state.alertsSent, flagId] };
    turn.events.push({
      type: 'alert.urgent',
      reflectionId: turn.state.id,
      supervisorId: turn.state.supervisorId,
      practitionerId: turn.state.practitionerId,
      caseRef: clear(shareableCaseRef(turn.caseRef(), turn.ctx.caseRefPattern)), // the reference only, as the summary shows it
      flagId,
      flagTitle,
      severity: 'urgent',
    });
    turn.audit('alert.urgent');
    turn.say('urgentSignpost', {}, 'urgent');
  }
  if (!ask) return turn.say('urgentCarryOn');
  turn.state = { ...turn.state, pending: { kind: 'urgent-continue' } };
  turn.replies.push({
    kind: 'question',
    text: turn.msg('urgentContinue'),
    choices: [
      { id: 'continue', label: turn.msg('choiceContinue') },
      { id: 'pause', label: turn.msg('choicePause') },
    ],
  });
}

/** A choice for the current question (button or typed label). */
export function answerChoice(turn: Turn, q: Question, choice: string): void {
  const before = record(turn, q, { choice });
  if (isOffer(q.id) && choice === 'yes')
    turn.state = { ...turn.state, queue: expandOffer(turn.catalog, turn.state, q.id) };
  if (isDeeper(q.id) && choice !== 'none')
    turn.state = {
      ...turn.state,
      deeper: [...new Set([...(turn.state.deeper ?? []), choice])],
      queue: expandDeeper(turn.catalog, turn.state, q.id, choice),
    };
  turn.state = { ...turn.state, queue: insertFollowUps(turn.catalog, turn.state, q, choice) };
  moveOn(turn, q, before);
}

/** Free text on the current question: the answer to a text question, otherwise a note. */
export function answerText(turn: Turn, q: Question, text: string): void {
  if (checkIdentifier(turn, q, text)) return;
  const before = turn.state.answers[q.id];
  const note = before?.note && q.kind !== 'text' ? `${before.note}\n${text}` : text;
  record(turn, q, { note });
  if (labelCheck(turn, q, text)) return;
  if (q.kind !== 'text') {
    turn.say('noteSavedPickAnswer');
    return;
  }
  moveOn(turn, q, before);
}

/**
 * The label check (rules declared in prompts/): a note that leans on a label such as "disguised
 * compliance" is met with the guidance's own request for the evidence and the cause behind it.
 */
function labelCheck(turn: Turn, q: Question, text: string): boolean {
  if (turn.state.labelChecked.includes(q.id)) return false;
  const t = ` ${normalise(text)} `;
  const rule = turn.catalog.labelRules.find((r) => r.match.some((m) => t.includes(` ${normalise(m)} `)));
  if (!rule) return false;
  turn.state = { ...turn.state, labelChecked: [...turn.state.labelChecked, q.id] };
  const source = sourceLabel(turn.catalog, rule.source);
  turn.sayText(`${turn.msg('labelCheckLead')} ${turn.fillContent(rule.prompt)}`, 'flag', {
    source,
    sourceRef: rule.source,
    severity: 'info',
  });
  if (q.kind === 'text') {
    turn.state = { ...turn.state, pending: { kind: 'label-check', questionId: q.id, ruleId: rule.id } };
    turn.say('labelCheckInvite');
  }
  return true;
}

/** The practitioner's further note after a label check on a text question; then move on. */
export function answerLabelCheck(turn: Turn, questionId: string, text: string): void {
  const before = turn.state.answers[questionId];
  turn.state = {
    ...turn.state,
    pending: undefined,
    answers: {
      ...turn.state.answers,
      [questionId]: { ...before, note: `${before?.note ?? ''}\n${text}`.trim(), at: turn.ctx.now.toISOString() },
    },
  };
  advance(turn);
}

/**
 * The case-reference check: a reference passes without a warning only when it is in the
 * organisation's format (caseRefPattern) and carries no identifier. Returns true when it warned.
 */
export function checkIdentifier(turn: Turn, q: Question, text: string): boolean {
  if (!q.checks.includes('identifier')) return false;
  const findings = caseRefConcerns(text, turn.ctx.caseRefPattern);
  if (findings.length === 0) return false;
  turn.state = { ...turn.state, pending: { kind: 'identifier-check', value: text, findings } };
  turn.replies.push({
    kind: 'question',
    text: identifierWarning(turn, findings),
    choices: [{ id: 'keep', label: 'keep' }],
  });
  return true;
}

/** The warning for a case reference: the identifiers found in it, or that it is not in the organisation's format. */
export function identifierWarning(turn: Turn, findings: string[]): string {
  const identifiers = findings.filter((f) => f !== NOT_THE_FORMAT);
  return identifiers.length > 0
    ? turn.msg('identifierWarning', { findings: identifiers.join(' or ') })
    : turn.msg('caseRefFormatWarning');
}

/** "keep": the reference is saved as typed, and withheld from what others see (shareableCaseRef). */
export function keepIdentifier(turn: Turn, q: Question, value: string): void {
  turn.state = { ...turn.state, pending: undefined };
  record(turn, q, { note: value });
  turn.say('identifierKept');
  advance(turn);
}
