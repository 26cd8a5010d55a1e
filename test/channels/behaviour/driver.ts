/**
 * One practitioner and one supervisor on one channel, as the shared behaviour suite drives them.
 * Each channel's driver speaks that channel's real protocol (signed Slack requests, Teams
 * activities, the local JSON API) against the real app; the suite never knows which it has.
 */
import type { Store } from '../../../src/store/port';

export interface Prompt {
  /** The question (or 'preview') the prompt asks; '' for a free-text question. */
  questionId: string;
  /** Choice ids on its buttons; empty for a free-text question. */
  choices: string[];
  /** The channel's own handle on it (message, activity, reply), for pressing later. */
  raw: unknown;
}

export interface ChannelDriver {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  store(): Store;
  /**
   * The practitioner types; resolves with the next prompt once the bot has asked it, or at once
   * (undefined) when `wait` is false, e.g. for a note, which keeps the question open.
   */
  say(text: string, wait?: boolean): Promise<Prompt | undefined>;
  /** The practitioner presses `choice` on `prompt`; resolves with the next prompt (or undefined when `wait` is false). */
  press(prompt: Prompt, choice: string, wait?: boolean): Promise<Prompt | undefined>;
  /** Everything the supervisor can read about this case once it has been shared. */
  supervisorSees(caseRef: string): Promise<string>;
}

/** Practitioner and supervisor ids every driver's organisation file uses. */
export const PRACTITIONER = 'alex';
export const SUPERVISOR = 'sam';
