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
  askCurrent,
  identifierPrompt,
  keepIdentifier,
  matchChoice,
  raiseFlags,
} from './answer';
import { handleAssist } from './assist';
import { confirmPrompt, parseCommand, runCommand } from './commands';
import { isCurrentPress } from './press';
import { pickForEdit, showPreview, startEdit } from './preview';
import { answerUrgentCase, answerUrgentNext, repromptUrgent } from './urgent';
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
  askCurrent(turn);
}

export function handleTurn(
  catalog: Catalog,
  state: ReflectionState | null,
  input: EngineInput,
  ctx: EngineContext,
  channel = 'local',
): EngineResult {
  const fresh = state === null;
  const turn = new Turn(catalog, ctx, state ?? newReflection(catalog, ctx, channel));
  if (fresh) start(turn, input);
  else dispatch(turn, input);
  turn.touch();
  return { state: turn.state, replies: turn.replies, events: turn.events, previous: turn.previous };
}

function dispatch(turn: Turn, input: EngineInput): void {
  if (handleAssist(turn, input)) return; // presses on assistance messages, answers to a model follow-up
  if (input.type === 'edit') return applyEdits(turn, input.changes);
  if (input.type === 'command') return runCommand(turn, input.command);
  if (input.type === 'choice') return handlePress(turn, input);
  const status = turn.state.status;
  const command = parseCommand(input.text, status === 'preview');
  if (command === 'urgent') return runCommand(turn, 'urgent'); // from any state, any prompt
  const pending = turn.state.pending;
  if (pending) return handlePending(turn, pending, input.text, false);
  if (command) return runCommand(turn, command);
  if (status === 'preview') return turn.say('previewAgain');
  const q = turn.current();
  const choice = q && q.kind !== 'text' ? matchChoice(q, input.text) : undefined;
  if (status === 'paused' && !choice) return runCommand(turn, 'resume');
  if (!q) return askCurrent(turn);
  if (status === 'paused') resumeQuietly(turn); // an answer typed while paused is an answer, not only a resume
  if (choice) return answerChoice(turn, q, choice);
  answerText(turn, q, input.text);
}

/** A button press, judged by the one rule in ./press.ts: only the prompt being asked now counts. */
function handlePress(turn: Turn, input: { value: string; questionId?: string; token?: string }): void {
  const s = turn.state;
  if (!isCurrentPress(s.asked, input)) return lateClick(turn);
  if (s.pending) return handlePending(turn, s.pending, input.value, true);
  if (s.status === 'preview') {
    const command = parseCommand(input.value, true);
    return command ? runCommand(turn, command) : turn.say('previewAgain');
  }
  const q = turn.current();
  if (!q || q.id !== s.asked?.questionId || (s.status !== 'active' && s.status !== 'paused')) return lateClick(turn);
  const choice = matchChoice(q, input.value);
  if (!choice) return turn.say('notUnderstood');
  if (s.status === 'paused') resumeQuietly(turn); // e.g. "Yes" to "Is the child unsafe right now?" while paused
  answerChoice(turn, q, choice);
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
    case 'edit-question': {
      const q = turn.catalog.questions.get(pending.questionId);
      return q ? turn.ask(q, false) : showPreview(turn);
    }
  }
}

function handlePending(turn: Turn, pending: Pending, text: string, pressed: boolean): void {
  const command = parseCommand(text, false);
  switch (pending.kind) {
    case 'confirm-cancel':
      return confirmCancel(turn, pending.restart, /^(yes|y)$/i.test(text.trim()));
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
      return editAnswer(turn, pending.questionId, text);
  }
}

function confirmCancel(turn: Turn, restart: boolean, yes: boolean): void {
  if (!yes) {
    turn.state = { ...turn.state, pending: undefined };
    turn.say('notCancelled');
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

/** Re-answering a question picked from the preview by number. */
function editAnswer(turn: Turn, questionId: string, text: string): void {
  const q = turn.catalog.questions.get(questionId);
  const command = parseCommand(text, false);
  if (!q || command === 'skip') return showPreview(turn);
  if (command && command !== 'help') return runCommand(turn, command);
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
    const choice =
      change.choice !== undefined && q.choices.some((c) => c.id === change.choice) ? change.choice : before?.choice;
    const note = change.note === undefined ? before?.note : change.note.trim() || undefined;
    turn.state = {
      ...turn.state,
      answers: { ...turn.state.answers, [q.id]: { choice, note, at: turn.ctx.now.toISOString() } },
    };
    urgent = raiseFlags(turn, q, before) || urgent;
  }
  turn.say('editSaved');
  if (!urgent) showPreview(turn);
}
