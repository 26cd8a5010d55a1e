/** manifest.json: installable as it stands, with the minimum scopes and every route on /slack/events. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Manifest {
  features: {
    app_home: Record<string, boolean>;
    slash_commands: Array<{ command: string; url: string }>;
    bot_user: { display_name: string };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
  display_information: { name: string; description: string; long_description?: string };
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../manifest.json'), 'utf8')) as Manifest;

it('asks for the minimum scopes and events', () => {
  expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
    'channels:history',
    'chat:write',
    'commands',
    'groups:history',
    'im:history',
    'im:write',
  ]);
  expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
    'app_home_opened',
    'message.channels',
    'message.groups',
    'message.im',
  ]);
});

it('sends events, interactivity and /reflect to /slack/events, with App Home and DMs enabled', () => {
  expect(manifest.settings.event_subscriptions.request_url).toBe('https://YOUR-HOST/slack/events');
  expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://YOUR-HOST/slack/events' });
  expect(manifest.features.slash_commands).toEqual([
    expect.objectContaining({ command: '/reflect', url: 'https://YOUR-HOST/slack/events' }),
  ]);
  expect(manifest.features.app_home).toMatchObject({
    home_tab_enabled: true,
    messages_tab_enabled: true,
    messages_tab_read_only_enabled: false,
  });
});

it("stays within Slack's manifest limits", () => {
  expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
  const long = manifest.display_information.long_description ?? '';
  expect(long.length).toBeGreaterThanOrEqual(174);
  expect(long.length).toBeLessThanOrEqual(4000);
  expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
});
