/**
 * App Home: a "Start a reflection" (or "Carry on") button, then the practitioner's open, paused
 * and recent reflections by case reference. Case references are the practitioner's own text, so
 * they are escaped like everything else.
 */
import type { ThreadOverview } from '../../../app/overview';
import type { ReflectionStatus } from '../../../core/types';
import { escapeSlack as e } from '../../shared/escape';
import { ACTION } from '../ids';
import { actions, context, fit, LIMITS, plain, sections, type KnownBlock } from './limits';
import type { Wording } from './wording';

export interface HomeItem {
  caseRef?: string;
  status: ReflectionStatus;
  updatedAt: string;
  open: boolean;
}

function line(item: HomeItem, w: Wording): string {
  const caseRef = item.caseRef ?? w('caseRefNotGiven');
  return `• ${e(w('slackHomeItem', { caseRef, status: w(`slackStatus.${item.status}`), date: item.updatedAt.slice(0, 10) }))}`;
}

function list(lead: string, items: HomeItem[], w: Wording): KnownBlock[] {
  return items.length ? sections([`*${e(lead)}*`, ...items.map((i) => line(i, w))].join('\n')) : [];
}

export function homeBlocks(items: HomeItem[], w: Wording): KnownBlock[] {
  const open = items.filter((i) => i.open);
  const start = {
    type: 'button' as const,
    action_id: ACTION.start,
    style: 'primary' as const,
    text: plain(w(open.length ? 'slackHomeContinue' : 'slackHomeStart'), LIMITS.buttonText),
    value: 'start',
  };
  const body: KnownBlock[] = [
    ...sections(e(w('slackHomeIntro'))),
    ...actions([start], 'reflect.home'),
    ...list(w('slackHomeOpenLead'), open, w),
    ...list(
      w('slackHomeRecentLead'),
      items.filter((i) => !i.open),
      w,
    ),
    ...(items.length ? [] : context([e(w('slackHomeNone'))])),
  ];
  return fit(body, [], e(w('slackShortened')), LIMITS.viewBlocks);
}

/** For people not in the organisation file: the polite refusal, and nothing else. */
export function unknownHomeBlocks(text: string): KnownBlock[] {
  return sections(e(text));
}

/** A supervisor's App Home (and /reflect answer): open case threads and what awaits Picked up. */
export function supervisorHomeBlocks(name: string, overview: ThreadOverview[], w: Wording): KnownBlock[] {
  const body: KnownBlock[] = [...sections(e(w('slackSupervisorHomeIntro', { name })))];
  for (const { thread, awaiting } of overview) {
    const where = channelOf(thread.externalRef);
    const head = `*${e(w('slackSupervisorThread', { title: thread.title, reflections: thread.reflections, openFlags: thread.openFlags }))}*`;
    const items = awaiting.map(
      (a) =>
        `• ${e(w('slackSupervisorAwaiting', { kind: w(`slackSupervisorKind.${a.kind}`), date: a.createdAt.slice(0, 10), flags: a.flags }))}`,
    );
    body.push(...sections([where ? `${head} <#${where}>` : head, ...items].join('\n')));
  }
  if (overview.length === 0) body.push(...context([e(w('slackSupervisorHomeNone'))]));
  return fit(body, [], e(w('slackShortened')), LIMITS.viewBlocks);
}

/** The Slack channel of a thread ("C123:1712345.0001"), only when it is a well-formed id. */
function channelOf(externalRef: string | undefined): string | undefined {
  const id = externalRef?.split(':')[0];
  return id && /^[CG][A-Z0-9]{2,}$/.test(id) ? id : undefined;
}
