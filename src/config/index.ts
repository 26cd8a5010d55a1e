/** Configuration: environment plus the organisation file, validated together. */
import { type ChannelModes, channelModes } from '../channels/settings';
import { parseEnv, type Env } from './env';
import { loadOrgConfig, type OrgConfig } from './org';

export interface Config {
  env: Env;
  org: OrgConfig;
  /** The local JSON API and playground: on by default, off in production unless LOCAL_CHANNEL=on (it has no sign-in). */
  localChannel: boolean;
  /** Each channel's mode, derived from its own variables (src/channels/<name>/config.ts). */
  channels: ChannelModes;
  llm: 'openai' | 'azure' | 'off';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnv(env);
  const org = loadOrgConfig(e.ORG_CONFIG);
  return {
    env: e,
    org,
    localChannel: e.LOCAL_CHANNEL ?? e.NODE_ENV !== 'production',
    channels: channelModes(e),
    llm: e.AZURE_OPENAI_ENDPOINT && e.AZURE_OPENAI_API_KEY ? 'azure' : e.OPENAI_API_KEY ? 'openai' : 'off',
  };
}

export type { Env, OrgConfig };
export { ConfigError } from './errors';
