/**
 * App Home: published on open. A practitioner sees their reflections by case reference; a
 * supervisor their open case threads and the flags awaiting Picked up; someone who is both, both.
 */
import type { App } from '@slack/bolt';
import { supervisorOverview } from '../../../app/overview';
import { contextValue } from '../../../core/flow';
import { OPEN_STATUSES } from '../../../core/types';
import { homeBlocks, supervisorHomeBlocks, unknownHomeBlocks, type HomeItem } from '../blocks/home';
import type { KnownBlock } from '../blocks/limits';
import type { SlackContext } from './context';

const RECENT = 10;

async function items(c: SlackContext, practitionerId: string): Promise<HomeItem[]> {
  const states = await c.service.recent(practitionerId, RECENT);
  return states.map((s) => ({
    caseRef: contextValue(s, c.service.catalog, 'caseRef'),
    status: s.status,
    updatedAt: s.updatedAt,
    open: OPEN_STATUSES.includes(s.status),
  }));
}

export function registerAppHome(app: App, c: SlackContext): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== undefined && event.tab !== 'home') return; // the Messages tab needs nothing from us
    const user = event.user;
    await c.work.run(`home:${user}`, 'app-home', async () => {
      const practitioner = c.directory.practitioner(user);
      const w = (key: string, vars?: Record<string, string | number | undefined>) => c.service.text(key, vars);
      const blocks: KnownBlock[] = [];
      if (practitioner) blocks.push(...homeBlocks(await items(c, practitioner.id), w));
      const sup = await supervisorBlocks(c, user);
      if (sup) blocks.push(...(blocks.length ? [{ type: 'divider' as const }] : []), ...sup);
      await c.api.publishHome(
        user,
        blocks.length ? blocks.slice(0, 100) : unknownHomeBlocks(c.service.unknownUserReply().text),
      );
    });
  });
}

/** The supervisor's part of the Home (and the /reflect answer), or undefined for non-supervisors. */
export async function supervisorBlocks(c: SlackContext, slackUser: string): Promise<KnownBlock[] | undefined> {
  const sup = c.directory.supervisor(slackUser);
  if (!sup) return undefined;
  const w = (key: string, vars?: Record<string, string | number | undefined>) => c.service.text(key, vars);
  return supervisorHomeBlocks(sup.name, await supervisorOverview(c.store, sup.id, 'slack'), w);
}
