/** The commands a practitioner can type or press at any point. None of them can trap anyone. */
import { advance, askCurrent } from './answer';
import { PROMPT } from './press';
import { urgentPath } from './urgent';
import { discard, share, showPreview, startEdit } from './preview';
import { normalise } from './text';
import type { Turn } from './turn';
import type { EngineCommand } from './types';

const WORDS: Record<string, EngineCommand> = {
  skip: 'skip',
  next: 'skip',
  back: 'back',
  'go back': 'back',
  previous: 'back',
  pause: 'pause',
  stop: 'pause',
  later: 'pause',
  resume: 'resume',
  continue: 'resume',
  cancel: 'cancel',
  help: 'help',
  '?': 'help',
  urgent: 'urgent',
  'start again': 'restart',
  'start over': 'restart',
  restart: 'restart',
  status: 'status',
};
const PREVIEW_WORDS: Record<string, EngineCommand> = {
  share: 'share',
  'share with supervisor': 'share',
  edit: 'edit',
  "don't share": 'discard',
  'dont share': 'discard',
  'do not share': 'discard',
  discard: 'discard',
};

/** Only a whole message is a command, so a note such as "I should go back tomorrow" stays a note. */
export function parseCommand(text: string, inPreview: boolean): EngineCommand | undefined {
  const t = text.trim() === '?' ? '?' : normalise(text);
  // Own keys only: "constructor" or "__proto__" typed as a note must not find Object.prototype's members.
  if (Object.hasOwn(WORDS, t)) return WORDS[t];
  return inPreview && Object.hasOwn(PREVIEW_WORDS, t) ? PREVIEW_WORDS[t] : undefined;
}

export function runCommand(turn: Turn, command: EngineCommand): void {
  const s = turn.state;
  switch (command) {
    case 'help':
      turn.say('help');
      return s.status === 'paused' ? turn.say('pausedAlready') : askCurrent(turn);
    case 'status':
      return turn.say('statusLine');
    case 'urgent':
      return urgentPath(turn, 'manual', turn.msg('urgentManualTitle'));
    case 'pause':
      turn.state = { ...s, status: 'paused', pending: undefined };
      turn.audit('reflection.paused');
      return turn.say('paused');
    case 'resume':
      return resume(turn);
    case 'cancel':
    case 'restart':
      turn.state = { ...s, pending: { kind: 'confirm-cancel', restart: command === 'restart' } };
      return confirmPrompt(turn, command === 'restart');
    case 'skip':
      return skip(turn);
    case 'back':
      return back(turn);
    case 'share':
      return s.status === 'preview' ? share(turn) : askCurrent(turn);
    case 'edit':
      return s.status === 'preview' ? startEdit(turn) : askCurrent(turn);
    case 'discard':
      return s.status === 'preview' ? discard(turn) : askCurrent(turn);
  }
}

/** The cancel / start-again confirmation, with its own token: an older question's Yes can never confirm it. */
export function confirmPrompt(turn: Turn, restart: boolean): void {
  turn.prompt(PROMPT.confirmCancel, turn.msg(restart ? 'restartConfirm' : 'cancelConfirm'), [
    { id: 'yes', label: 'Yes' },
    { id: 'no', label: 'No' },
  ]);
}

function resume(turn: Turn): void {
  const paused = turn.state.status === 'paused';
  turn.state = { ...turn.state, status: 'active', pending: undefined };
  if (paused) {
    turn.audit('reflection.resumed');
    turn.say('resumed');
  }
  askCurrent(turn);
}

function skip(turn: Turn): void {
  const s = turn.state;
  if (s.status === 'preview') return showPreview(turn);
  const pending = s.pending;
  if (pending?.kind === 'label-check') return advance(turn);
  if (pending && pending.kind !== 'identifier-check') {
    turn.state = { ...s, pending: undefined };
    return askCurrent(turn);
  }
  const entry = s.queue[s.position];
  if (entry !== undefined && !s.answers[entry]) turn.state = { ...s, skipped: [...new Set([...s.skipped, entry])] };
  turn.say('skipped');
  advance(turn);
}

function back(turn: Turn): void {
  const s = turn.state;
  if (s.position === 0) {
    turn.say('cannotGoBack');
    return askCurrent(turn);
  }
  const position = Math.min(s.position, s.queue.length) - 1;
  turn.state = { ...s, status: 'active', position, pending: undefined };
  turn.say('backTo', { n: position + 1 });
  askCurrent(turn);
}
