/**
 * The practitioner's side, in their personal chat with the bot: free text is a turn (an answer by
 * label, a note, or a command), a card button is a choice, the edit form is an edit. All of it goes
 * through ReflectService.handle with the activity id as the event id, so a redelivery does nothing.
 */
import { isCurrentPress, PROMPT } from '../../core/press';
import { activityEventId } from './event-id';
import type { Activity } from '@microsoft/teams.api';
import type { Practitioner } from '../../config/org';
import { editChanges, editForm } from '../../core/edit-form';
import { answerLabel } from '../../core/flags';
import { fill } from '../../core/text';
import type { ReflectionRow } from '../../store/port';
import { submittedEdits, TICKED, type AnswerAction, type CardOutcome, type EditAction } from './actions';
import { answeredCard, closedCard, editCard, type EditItem } from './cards';
import { card, cardActivity, textBlock } from './card-kit';
import type { TeamsRuntime } from './runtime';

const eventId = activityEventId;

/** A typed message: the engine decides whether it is an answer, a note or a command. */
export async function practitionerText(
  rt: TeamsRuntime,
  activity: Activity,
  p: Practitioner,
  text: string,
): Promise<void> {
  const out = await rt.deps.service.handle({
    channel: 'teams',
    practitionerId: p.id,
    input: { type: 'text', text },
    eventId: eventId(activity),
  });
  await rt.sendReplies(activity, p.id, out.replies);
}

function questionText(rt: TeamsRuntime, questionId: string | undefined, row: ReflectionRow | undefined): string {
  if (questionId === 'preview') return rt.say('summaryTitle', { caseRef: row?.caseRef ?? '' });
  const q = questionId ? rt.deps.service.catalog.questions.get(questionId) : undefined;
  return q ? fill(q.text, {}, rt.deps.service.contacts) : '';
}

function choiceLabel(rt: TeamsRuntime, action: AnswerAction): string {
  if (action.questionId === 'preview') {
    const key = { share: 'choiceShare', edit: 'choiceEdit', discard: 'choiceDiscard', deeper: 'choiceDeeper' }[
      action.choice
    ];
    return key ? rt.say(key) : action.choice;
  }
  const q = action.questionId ? rt.deps.service.catalog.questions.get(action.questionId) : undefined;
  if (q?.kind === 'checklist') return answerLabel(q, { choice: action.choice, at: '' });
  const prompt = PROMPT_LABELS[action.questionId ?? '']?.[action.choice];
  if (prompt) return rt.say(prompt);
  const fixed: Record<string, string> = {
    continue: rt.say('choiceContinue'),
    stop: rt.say('choiceStop'),
    note: rt.say('choiceUrgentNote'),
    unknown: rt.say('choiceUnknown'),
    yes: 'Yes',
    no: 'No',
  };
  return q?.choices.find((c) => c.id === action.choice)?.label ?? fixed[action.choice] ?? action.choice;
}

/** Labels of the check-in prompts' buttons, for the card that replaces a pressed one. */
const PROMPT_LABELS: Record<string, Record<string, string>> = {
  [PROMPT.checkinReplace]: { yes: 'checkinReplaceYes', no: 'checkinReplaceNo' },
  [PROMPT.beforeVisit]: { yes: 'checkinBeforeVisitYes', no: 'checkinBeforeVisitNo' },
  [PROMPT.checkout]: { reflect: 'checkoutReflect', no: 'checkoutNotNow' },
};

/** Whether a press belongs to what the reflection is waiting on: the core's one rule (src/core/press.ts). */
function isCurrent(row: ReflectionRow | undefined, action: { questionId?: string; token?: string }): boolean {
  return isCurrentPress(row?.state.asked, action);
}

/**
 * A button on a question or the preview. Returns the card that replaces the pressed one: the answer
 * given, or "no longer current" when the press was late (the engine then repeats the current question).
 */
export async function practitionerChoice(
  rt: TeamsRuntime,
  activity: Activity,
  p: Practitioner,
  action: AnswerAction,
): Promise<CardOutcome> {
  const before = await rt.deps.store.getOpenReflection(p.id);
  // Check-in prompts are judged against the check-in, by the same rule.
  const checkin =
    action.questionId && action.questionId in PROMPT_LABELS ? await rt.deps.store.getCheckin(p.id) : undefined;
  const current = checkin ? isCurrentPress(checkin.data.asked, action) : isCurrent(before, action);
  if (action.questionId === 'preview' && action.choice === 'edit' && before && isCurrent(before, action)) {
    await openEditForm(rt, activity, before);
    // The preview stays as it is, so Share and Don't share remain one press away.
    return { message: rt.say('teams.editOpened') };
  }
  const value = action.choice === TICKED ? (action.ticked ?? '') : action.choice;
  // Done with nothing ticked: the card stays, so the practitioner can tick or choose None of these.
  if (action.choice === TICKED && value === '') return { message: rt.say('checklistEmpty') };
  const input = { type: 'choice' as const, value, questionId: action.questionId, token: action.token };
  const out = await rt.deps.service.handle({
    channel: 'teams',
    practitionerId: p.id,
    input,
    eventId: eventId(activity),
  });
  await rt.sendReplies(activity, p.id, out.replies);
  const question = questionText(rt, action.questionId, before);
  return {
    card:
      out.duplicate || current
        ? answeredCard(question, choiceLabel(rt, { ...action, choice: value }), rt.say)
        : closedCard(question, rt.say),
  };
}

function editItems(rt: TeamsRuntime, row: ReflectionRow): EditItem[] {
  return editForm(row.state, rt.deps.service.catalog, rt.deps.service.contacts);
}

/** Edit: a form with every answer and note, posted under the preview. */
async function openEditForm(rt: TeamsRuntime, activity: Activity, row: ReflectionRow): Promise<void> {
  const token = row.state.asked?.token ?? '';
  await rt.connector.post(
    rt.turnServiceUrl(activity),
    activity.conversation.id,
    cardActivity(editCard(editItems(rt, row), token, rt.say)),
  );
}

/** The edit form's Save: only what changed goes to the engine, which re-shows the preview. */
export async function practitionerEdit(
  rt: TeamsRuntime,
  activity: Activity,
  p: Practitioner,
  action: EditAction,
): Promise<CardOutcome> {
  const before = await rt.deps.store.getOpenReflection(p.id);
  const title = rt.say('teams.editTitle');
  if (before?.state.status !== 'preview' || !isCurrent(before, action)) {
    const duplicate = await rt.deps.store.hasProcessedEvent(eventId(activity));
    return { card: duplicate ? editSentCard(rt) : closedCard(title, rt.say) };
  }
  const changes = editChanges(submittedEdits(action.inputs), editItems(rt, before));
  const out = await rt.deps.service.handle({
    channel: 'teams',
    practitionerId: p.id,
    input: { type: 'edit', changes },
    eventId: eventId(activity),
  });
  await rt.sendReplies(activity, p.id, out.replies);
  return { card: editSentCard(rt) };
}

const editSentCard = (rt: TeamsRuntime) => card([textBlock(rt.say('teams.editSent'), { weight: 'Bolder' })]);
