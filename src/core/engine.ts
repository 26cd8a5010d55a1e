/**
 * The reflection engine: (state, input) -> (new state, replies, events). Pure: no I/O, and the
 * clock and id generator arrive as values in the context.
 */
import type { Catalog, Question } from './catalog';
import {
  advance,
  answerChoice,
  answerLabelCheck,
  answerText,
  answerTyped,
  askCurrent,
  identifierPrompt,
  keepIdentifier,
  matchChoice,
  raiseFlags,
} from './answer';
import { DEEPER_PREFIX } from './flow';
import { caseRefConcerns } from './redact';
import { askOpening, confirmOpening, readOpening } from './opening';
import { looksLikeItems, readChecklist, understandChoice } from './understand';
import { handleAssist } from './assist';
import { confirmPrompt, parseCommand, runCommand } from './commands';
import { isCurrentPress } from './press';
import { pickForEdit, showPreview, startEdit } from './preview';
import { answerUrgentCase, answerUrgentNext, repromptUrgent } from './urgent';
import { leaveDeeper, leavesDeeper } from './deeper';
import { Turn } from './turn';
import type { EngineContext, EngineInput, EngineResult, Pending, ReflectionState } from './types';

export function newReflection(catalog: Catalog, ctx: EngineContext, channel: string): ReflectionState {
  const now = ctx.now.toISOString();
  return {
    id: ctx.newId(),
    practitionerId: ctx.practitioner.id,
    supervisorId: ctx.supervisor.id,
    channel,
    status: 'active',
    version: 0,
    startedAt: now,
    updatedAt: now,
    queue: [...catalog.contextQuestions],
    position: 0,
    answers: {},
    skipped: [],
    labelChecked: [],
    alertsSent: [],
  };
}

function start(turn: Turn, input: EngineInput): void {
  turn.audit('reflection.started');
  // "urgent" as the very first message goes straight to the urgent path: no introduction first.
  const urgent =
    (input.type === 'command' && input.command === 'urgent') ||
    (input.type === 'text' && parseCommand(input.text, false) === 'urgent');
  if (urgent) return runCommand(turn, 'urgent');
  turn.say('intro');
  turn.say('privacy');
  turn.say('commandsHint');
  if (input.type === 'text' && readOpening(turn, input.text)) return;
  askCurrent(turn);
}

export function handleTurn(
  catalog: Catalog,
  state: ReflectionState | null,
  input: EngineInput,
  ctx: EngineContext,
  /** The channel a new reflection starts on: the caller's to say, as the core knows no channel. */
  channel: string,
): EngineResult {
  const fresh = state === null;
  const turn = new Turn(catalog, ctx, state ?? newReflection(catalog, ctx, channel));
  if (fresh) start(turn, input);
  else dispatch(turn, input);
  turn.touch();
  return { state: turn.state, replies: turn.replies, events: turn.events, previous: turn.previous };
}

function dispatch(turn: Turn, input: EngineInput): void {
  const pressed = turn.state.lastPressed;
  if (pressed) turn.state = { ...turn.state, lastPressed: undefined };
  if (handleAssist(turn, input)) return; // presses on assistance messages, answers to a model follow-up
  if (input.type === 'edit') return applyEdits(turn, input.changes);
  if (input.type === 'command') return runCommand(turn, input.command);
  if (input.type === 'choice') return handlePress(turn, input);
  const status = turn.state.status;
  const command = parseCommand(input.text, status === 'preview');
  if (command === 'urgent') return runCommand(turn, 'urgent'); // from any state, any prompt
  const pending = turn.state.pending;
  if (pending) return handlePending(turn, pending, input, false);
  if (leavesDeeper(turn.state, input.text)) return leaveDeeper(turn);
  if (command) return runCommand(turn, command);
  if (status === 'preview' && DEEPER_WORDS.test(input.text.trim())) return goDeeper(turn);
  if (status === 'preview' && pressed && takesNote(turn, pressed)) {
    // The last answer's press brought up the preview: the note still belongs to that answer.
    noteOnPressed(turn, pressed, input.text);
    return showPreview(turn);
  }
  if (status === 'preview') return turn.say('previewAgain');
  if (status === 'paused') {
    // Text sent while paused resumes the reflection and is kept, not dropped: an answer typed
    // while paused (e.g. "yes" to "Is the child unsafe right now?") is an answer, not only a resume.
    resumeQuietly(turn);
    turn.say('resumedWithText');
    answerCurrent(turn, input.text, pressed);
    // Back from a pause, the practitioner sees where they are: the question again if nothing moved on.
    if (!turn.replies.some((r) => r.kind === 'question' || r.kind === 'preview')) askCurrent(turn);
    return;
  }
  answerCurrent(turn, input.text, pressed);
}

function answerCurrent(turn: Turn, text: string, pressed: string | undefined): void {
  const q = turn.current();
  if (!q) return askCurrent(turn);
  if (pressed && takesNote(turn, pressed) && q.kind !== 'text' && !readsAsAnswer(q, text))
    return noteOnPressed(turn, pressed, text);
  if (q.kind === 'text') return answerText(turn, q, text);
  answerTyped(turn, q, text);
}

/** A question that invites a note (the context questions do not: a note there belongs to the next one). */
function takesNote(turn: Turn, questionId: string): boolean {
  const q = turn.catalog.questions.get(questionId);
  return !!q && (q.note || q.kind === 'text');
}

/** Whether typed text is an attempt at the current question rather than a note on the last one. */
function readsAsAnswer(q: Question, text: string): boolean {
  if (q.kind === 'checklist') return readChecklist(q, text) !== undefined && looksLikeItems(text);
  return understandChoice(q, text) !== undefined;
}

const DEEPER_WORDS = /^(go )?deeper$|^more$|^go deeper into .+$/i;

/** From the preview: a menu of the sets still holding questions; the answer adds one set's questions. */
function goDeeper(turn: Turn): void {
  const n = turn.state.queue.filter((e) => e.startsWith(DEEPER_PREFIX)).length;
  const entry = `${DEEPER_PREFIX}${n + 1}`;
  turn.state = {
    ...turn.state,
    status: 'active',
    asked: undefined,
    queue: [...turn.state.queue, entry],
    position: turn.state.queue.length,
  };
  askCurrent(turn);
}

/** A note typed straight after a button press belongs to the question just answered. */
function noteOnPressed(turn: Turn, questionId: string, text: string): void {
  const before = turn.state.answers[questionId];
  const q = turn.catalog.questions.get(questionId);
  if (!before || !q) return askCurrent(turn);
  const note = before.note ? `${before.note}\n${text}` : text;
  turn.state = {
    ...turn.state,
    answers: { ...turn.state.answers, [questionId]: { ...before, note, at: turn.ctx.now.toISOString() } },
  };
  turn.say('noteAddedToPrevious');
}

/** A button press, judged by the one rule in ./press.ts: only the prompt being asked now counts. */
function handlePress(turn: Turn, input: Extract<EngineInput, { type: 'choice' }>): void {
  const s = turn.state;
  if (!isCurrentPress(s.asked, input)) return lateClick(turn);
  if (s.pending) return handlePending(turn, s.pending, input, true);
  if (s.status === 'preview') {
    if (input.value === 'deeper') return goDeeper(turn);
    const command = parseCommand(input.value, true);
    return command ? runCommand(turn, command) : turn.say('previewAgain');
  }
  const q = turn.current();
  if (!q || q.id !== s.asked?.questionId || (s.status !== 'active' && s.status !== 'paused')) return lateClick(turn);
  if (leavesDeeper(s, input.value, true)) return leaveDeeper(turn);
  const choice = matchChoice(q, input.value);
  if (!choice) return turn.say(q.kind === 'checklist' ? 'checklistEmpty' : 'notUnderstood');
  if (s.status === 'paused') resumeQuietly(turn); // e.g. "Yes" to "Is the child unsafe right now?" while paused
  turn.state = { ...turn.state, lastPressed: q.id };
  answerChoice(turn, q, choice);
  if (turn.state.asked?.questionId === q.id) turn.state = { ...turn.state, lastPressed: undefined };
}

/** "Carry on reflecting" after an urgent alert: back to where the flow was, resuming it if paused. */
function carryOn(turn: Turn): void {
  const wasPaused = turn.state.status === 'paused';
  turn.state = { ...turn.state, pending: undefined, status: wasPaused ? 'active' : turn.state.status };
  const q = turn.current();
  // The case reference given at the urgent prompt answers the first question: do not ask it twice.
  if (q?.contextKey === 'caseRef' && turn.state.answers[q.id]?.note) return advance(turn);
  askCurrent(turn);
}

function resumeQuietly(turn: Turn): void {
  turn.state = { ...turn.state, status: 'active' };
  turn.audit('reflection.resumed');
}

/** A stale or token-less press: nothing changes, the practitioner is told, and what is waiting is shown again. */
function lateClick(turn: Turn): void {
  turn.say('lateClick');
  const pending = turn.state.pending;
  if (pending) return reprompt(turn, pending);
  if (turn.state.status === 'preview') return showPreview(turn);
  if (turn.state.status === 'paused') return turn.say('pausedAlready');
  if (turn.state.status !== 'active') return turn.say('noOpenReflection');
  askCurrent(turn);
}

function textOf(input: EngineInput): string {
  return input.type === 'text' ? input.text : input.type === 'choice' ? input.value : '';
}

function reprompt(turn: Turn, pending: Pending): void {
  switch (pending.kind) {
    case 'confirm-cancel':
      return confirmPrompt(turn, pending.restart);
    case 'urgent-case':
    case 'urgent-next':
      return repromptUrgent(turn);
    case 'identifier-check':
      return identifierPrompt(turn, pending.findings);
    case 'label-check':
      return turn.say('labelCheckInvite');
    case 'edit-pick':
      return startEdit(turn);
    case 'opening-confirm':
      return askOpening(turn, pending.answers);
    case 'edit-question': {
      if (pending.warned !== undefined)
        return identifierPrompt(turn, caseRefConcerns(pending.warned, turn.ctx.caseRefPattern));
      const q = turn.catalog.questions.get(pending.questionId);
      return q ? turn.ask(q, false) : showPreview(turn);
    }
    default:
      turn.state = { ...turn.state, pending: undefined }; // a prompt from an earlier version
      return turn.state.status === 'preview' ? showPreview(turn) : askCurrent(turn);
  }
}

function handlePending(turn: Turn, pending: Pending, input: EngineInput, pressed: boolean): void {
  const text = textOf(input);
  const command = parseCommand(text, false);
  switch (pending.kind) {
    case 'confirm-cancel':
      return confirmCancel(turn, pending.restart, /^(yes|y)$/i.test(text.trim()), pressed ? '' : text);
    case 'opening-confirm':
      if (confirmOpening(turn, pending.answers, input)) return;
      return dispatch(turn, input);
    case 'urgent-case':
      if (command && command !== 'help') return runCommand(turn, command);
      return command === 'help' ? repromptUrgent(turn) : answerUrgentCase(turn, text);
    case 'urgent-next':
      if (command === 'help') return repromptUrgent(turn);
      if (command && command !== 'pause' && command !== 'resume') return runCommand(turn, command);
      if (answerUrgentNext(turn, text, pressed) === 'continue') carryOn(turn);
      return;
    case 'identifier-check': {
      const q = turn.current();
      if (!q) return askCurrent(turn);
      if (text.trim().toLowerCase() === 'keep') return keepIdentifier(turn, q, pending.value);
      if (command) return runCommand(turn, command);
      return answerText(turn, q, text);
    }
    case 'label-check':
      if (command) return runCommand(turn, command);
      return answerLabelCheck(turn, pending.questionId, text);
    case 'edit-pick':
      if (command) return runCommand(turn, command);
      return pickForEdit(turn, text);
    case 'edit-question':
      return editAnswer(turn, pending.questionId, input, pending.warned);
    default:
      // A prompt stored by an earlier version (the old "carry on / pause" after an urgent alert):
      // nothing waits on it any more, and what was typed is handled as if it were not there.
      turn.state = { ...turn.state, pending: undefined };
      return dispatch(turn, input);
  }
}

function confirmCancel(turn: Turn, restart: boolean, yes: boolean, typed: string): void {
  if (!yes) {
    turn.state = { ...turn.state, pending: undefined };
    // Anything typed here other than "no" is not an answer: say so rather than drop it silently.
    const dropped = typed.trim() !== '' && !/^(no|n)$/i.test(typed.trim());
    turn.say(dropped ? 'notCancelledTextNotSaved' : 'notCancelled');
    return turn.state.status === 'preview' ? showPreview(turn) : askCurrent(turn);
  }
  // Cancelling deletes the answers (and the assistance's pseudonym map): nothing is kept that the practitioner chose not to keep.
  turn.state = {
    ...turn.state,
    status: 'cancelled',
    pending: undefined,
    asked: undefined,
    answers: {},
    llm: undefined,
  };
  turn.audit('reflection.cancelled');
  turn.say('cancelled');
  if (!restart) return;
  turn.previous = { ...turn.state, updatedAt: turn.ctx.now.toISOString() };
  turn.state = newReflection(turn.catalog, turn.ctx, turn.state.channel);
  start(turn, { type: 'text', text: '' });
}

/**
 * Re-answering a question picked from the preview by number: the same checks as answering it
 * (identifiers in a case reference, the flags and the urgent path).
 */
function editAnswer(turn: Turn, questionId: string, input: EngineInput, warned?: string): void {
  const q = turn.catalog.questions.get(questionId);
  let text = textOf(input);
  const command = parseCommand(text, false);
  if (!q || command === 'skip') return showPreview(turn);
  if (command && command !== 'help') return runCommand(turn, command);
  if (warned !== undefined && text.trim().toLowerCase() === 'keep') text = warned;
  else if (q.checks.includes('identifier') && caseRefConcerns(text, turn.ctx.caseRefPattern).length > 0) {
    // The same check as when the reference was first given, against the organisation's pattern.
    turn.state = { ...turn.state, pending: { kind: 'edit-question', questionId: q.id, warned: text } };
    return identifierPrompt(turn, caseRefConcerns(text, turn.ctx.caseRefPattern)); // its keep button carries a token
  }
  const choice = q.kind === 'text' ? undefined : matchChoice(q, text);
  const before = turn.state.answers[q.id];
  const answer = choice ? { ...before, choice } : { ...before, note: text };
  turn.state = {
    ...turn.state,
    pending: undefined,
    answers: { ...turn.state.answers, [q.id]: { ...answer, at: turn.ctx.now.toISOString() } },
  };
  turn.say('editSaved');
  if (raiseFlags(turn, q, before)) return;
  showPreview(turn);
}

/** Edits from a channel form (Slack modal, Teams card): several answers and notes at once. */
function applyEdits(turn: Turn, changes: Array<{ questionId: string; choice?: string; note?: string }>): void {
  if (turn.state.status !== 'preview') return askCurrent(turn);
  let urgent = false;
  for (const change of changes) {
    const q: Question | undefined = turn.catalog.questions.get(change.questionId);
    if (!q || !turn.state.queue.includes(q.id)) continue;
    const before = turn.state.answers[q.id];
    const picked = change.choice === undefined ? undefined : matchChoice(q, change.choice);
    const choice =
      picked !== undefined && (q.kind === 'checklist' || picked === change.choice) ? picked : before?.choice;
    const note = change.note === undefined ? before?.note : change.note.trim() || undefined;
    // A case reference edited in a form gets the same identifier check as when it was first given.
    if (q.checks.includes('identifier') && note && note !== before?.note && caseRefConcerns(note).length > 0) {
      turn.say('identifierEditRefused', { findings: caseRefConcerns(note).join(' or ') }, 'error');
      continue;
    }
    turn.state = {
      ...turn.state,
      answers: { ...turn.state.answers, [q.id]: { choice, note, at: turn.ctx.now.toISOString() } },
    };
    urgent = raiseFlags(turn, q, before) || urgent;
  }
  turn.say('editSaved');
  if (!urgent) showPreview(turn);
}
