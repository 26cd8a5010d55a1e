import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';

const KEY = Buffer.alloc(32, 7).toString('base64');

function orgFile(text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-org-'));
  const file = path.join(dir, 'org.yaml');
  writeFileSync(file, text);
  return file;
}

const VALID = `organisation: Example Borough Council
retentionDays: 30
contacts:
  manager: "your team manager"
  mash: "the MASH on 01234 000000"
supervisors:
  - id: sam
    name: Sam Rivers
    slack: { user: U0SAM, channel: C0SUPERVISION }
practitioners:
  - id: alex
    name: Alex Morgan
    supervisor: sam
    slack: { user: U0ALEX }
`;

describe('loadConfig', () => {
  it('runs on nothing: demo organisation, SQLite, local channel on, channels and LLM off', () => {
    const c = loadConfig({});
    expect(c.org.practitioners.map((p) => p.id)).toEqual(['alex', 'bo']);
    expect(c.org.supervisors.map((s) => s.id)).toEqual(['sam']);
    expect(c.env.PORT).toBe(3000);
    expect(c.env.HOST).toBe('127.0.0.1'); // loopback: the local API has no sign-in
    expect(c.env.DATABASE_URL).toBeUndefined();
    expect([c.localChannel, c.channels.slack, c.channels.teams, c.llm]).toEqual([true, 'off', 'off', 'off']);
  });

  it('loads an organisation file', () => {
    const c = loadConfig({ ORG_CONFIG: orgFile(VALID) });
    expect(c.org.organisation).toBe('Example Borough Council');
    expect(c.org.retentionDays).toBe(30);
    expect(c.org.supervisors[0]?.slack?.channel).toBe('C0SUPERVISION');
  });

  it('names the field when the organisation file is wrong', () => {
    const bad = VALID.replace('supervisor: sam', 'supervisor: nobody');
    expect(() => loadConfig({ ORG_CONFIG: orgFile(bad) })).toThrow(
      /CONFIG_ORG_INVALID: .*practitioners\.0\.supervisor: no supervisor with id "nobody"/,
    );
    expect(() => loadConfig({ ORG_CONFIG: orgFile(VALID.replace('U0ALEX', 'alex')) })).toThrow(
      /practitioners\.0\.slack\.user: expected a Slack user id/,
    );
    expect(() => loadConfig({ ORG_CONFIG: orgFile('organisation: [') })).toThrow(/CONFIG_ORG_YAML/);
    expect(() => loadConfig({ ORG_CONFIG: '/nonexistent/org.yaml' })).toThrow(/CONFIG_ORG_UNREADABLE/);
  });

  it('validates caseRefPattern at start, naming the field', () => {
    expect(loadConfig({ ORG_CONFIG: orgFile(`${VALID}caseRefPattern: "CASE-\\\\d{4}"\n`) }).org.caseRefPattern).toBe(
      'CASE-\\d{4}',
    );
    const byDefault = new RegExp(`^(?:${loadConfig({}).org.caseRefPattern})$`);
    expect(['CR-2041', 'EH/2026/118', '12345'].filter((r) => byDefault.test(r))).toHaveLength(3);
    expect(byDefault.test('Jayden Okafor 12 Acacia Avenue')).toBe(false);
    expect(() => loadConfig({ ORG_CONFIG: orgFile(`${VALID}caseRefPattern: "CR-(\\\\d+"\n`) })).toThrow(
      /CONFIG_ORG_INVALID: .*caseRefPattern: not a valid regular expression/,
    );
  });

  it('refuses unauthenticated Teams mode in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS: 'true' })).toThrow(
      /CONFIG_UNSAFE_PRODUCTION/,
    );
  });

  it.each(['Production', 'PRODUCTION', ' production', 'production\n'])(
    'compares NODE_ENV=%j after trimming and lower-casing, so the production guards hold',
    (nodeEnv) => {
      expect(() => loadConfig({ NODE_ENV: nodeEnv, DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS: 'true' })).toThrow(
        /CONFIG_UNSAFE_PRODUCTION/,
      );
      expect(loadConfig({ NODE_ENV: nodeEnv, ENCRYPTION_KEY: KEY }).localChannel).toBe(false);
      expect(loadConfig({ NODE_ENV: nodeEnv, ENCRYPTION_KEY: KEY }).env.NODE_ENV).toBe('production');
    },
  );

  it.each(['prod', 'staging', 'live', 'productoin'])('refuses an unknown NODE_ENV=%j at start', (nodeEnv) => {
    expect(() => loadConfig({ NODE_ENV: nodeEnv })).toThrow(/CONFIG_ENV_INVALID.*NODE_ENV/);
  });

  it('reads every boolean-like variable after trimming and lower-casing, and refuses anything else', () => {
    expect(loadConfig({ LOCAL_CHANNEL: ' OFF ' }).localChannel).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ENCRYPTION_KEY: KEY, LOCAL_CHANNEL: 'Yes' }).localChannel).toBe(true);
    expect(loadConfig({ DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS: 'TRUE' }).channels.teams).toBe('unauthenticated');
    for (const bad of ['enabled', 'y', 'nope', '2'])
      for (const name of ['LOCAL_CHANNEL', 'DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS'])
        expect(() => loadConfig({ [name]: bad })).toThrow(new RegExp(`CONFIG_ENV_INVALID.*${name}`));
  });

  it('turns the local channel off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production', ENCRYPTION_KEY: KEY }).localChannel).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ENCRYPTION_KEY: KEY, LOCAL_CHANNEL: 'on' }).localChannel).toBe(true);
  });

  it('refuses production without ENCRYPTION_KEY, however NODE_ENV is written, and says how to make one', () => {
    for (const NODE_ENV of ['production', ' Production ', 'PRODUCTION'])
      expect(() => loadConfig({ NODE_ENV })).toThrow(
        /CONFIG_ENCRYPTION_KEY_MISSING: ENCRYPTION_KEY is required.*openssl rand -base64 32/,
      );
    expect(loadConfig({ NODE_ENV: 'development' }).env.ENCRYPTION_KEY).toBeUndefined();
  });

  it('rejects an ENCRYPTION_KEY that is not 32 bytes of base64', () => {
    for (const ENCRYPTION_KEY of ['short', Buffer.alloc(16).toString('base64'), `${KEY.slice(0, -2)}!=`])
      expect(() => loadConfig({ ENCRYPTION_KEY })).toThrow(/CONFIG_ENCRYPTION_KEY_INVALID.*openssl rand -base64 32/);
    expect(loadConfig({ ENCRYPTION_KEY: KEY }).env.ENCRYPTION_KEY).toBe(KEY);
  });

  it('picks the channel and LLM modes from the variables present', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).channels.slack).toBe('http');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).channels.slack).toBe('socket');
    expect(loadConfig({ CLIENT_ID: 'id', TENANT_ID: 't' }).channels.teams).toBe('authenticated');
    expect(() => loadConfig({ CLIENT_ID: 'id' })).toThrow(/CONFIG_TEAMS_TENANT_REQUIRED/);
    expect(loadConfig({ OPENAI_API_KEY: 'k' }).llm).toBe('openai');
    expect(loadConfig({ AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com', AZURE_OPENAI_API_KEY: 'k' }).llm).toBe(
      'azure',
    );
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/CONFIG_ENV_INVALID: PORT/);
  });
});
