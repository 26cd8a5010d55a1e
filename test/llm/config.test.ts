/**
 * Configuration: assistance is off unless configured; its system prompts come from
 * PROMPTS_DIR/llm/*.md; Azure OpenAI works end to end through AzureOpenAI; a triage suggestion
 * is applied only by a press.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../src/paths';
import { startTestApp } from '../support/app';
import { lastQuestion, press, say } from '../support/local-client';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai/server';
import { assistMessages, OPENING, openState, startApp, USER } from './harness';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

it('is off without OPENAI_API_KEY or Azure settings: the deterministic NoAssistant, no requests', async () => {
  const app = await startApp(undefined, { OPENAI_BASE_URL: fake.url });
  try {
    expect(app.reflect.config.llm).toBe('off');
    expect(app.reflect.assist.provider).toBe('off');
    await say(app.url, USER, OPENING);
    await say(app.url, USER, 'CR-1');
    await app.reflect.assist.idle();
    expect(fake.requests).toHaveLength(0);
    expect(await assistMessages(app)).toEqual([]);
  } finally {
    await app.stop();
  }
});

describe('system prompts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-prompts-'));
    cpSync(path.join(ROOT, 'prompts'), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are the files in PROMPTS_DIR/llm, sent as they are written', async () => {
    const text = '# Triage for this test\n\nAnswer "none" unless sure.';
    writeFileSync(path.join(dir, 'llm', 'triage.md'), `${text}\n`);
    const app = await startApp(fake, { PROMPTS_DIR: dir });
    try {
      await say(app.url, USER, OPENING);
      await app.reflect.assist.idle();
    } finally {
      await app.stop();
    }
    expect(fake.requests[0]?.body.messages?.[0]).toEqual({ role: 'system', content: text });
  });

  it('the shipped files are what is sent by default', async () => {
    const app = await startApp(fake);
    try {
      await say(app.url, USER, OPENING);
      await app.reflect.assist.idle();
    } finally {
      await app.stop();
    }
    expect(fake.requests[0]?.body.messages?.[0]?.content).toBe(
      readFileSync(path.join(ROOT, 'prompts', 'llm', 'triage.md'), 'utf8').trim(),
    );
  });

  it('a missing prompt file stops startup with a coded error when assistance is configured', async () => {
    rmSync(path.join(dir, 'llm', 'polish.md'));
    await expect(startApp(fake, { PROMPTS_DIR: dir })).rejects.toThrow(/LLM_PROMPTS_MISSING/);
  });
});

it('Azure OpenAI: requests go to the deployment with api-version, and a suggestion is applied only when pressed', async () => {
  fake.answer('triage', { json: { situation: 'no-answer' } });
  const app = await startTestApp({
    AZURE_OPENAI_ENDPOINT: fake.origin,
    AZURE_OPENAI_API_KEY: 'azure-key',
    AZURE_OPENAI_DEPLOYMENT: 'reflect-mini',
    OPENAI_API_VERSION: '2024-10-21',
  });
  try {
    expect(app.reflect.assist.provider).toBe('azure');
    await say(app.url, USER, OPENING);
    await app.reflect.assist.idle();
    expect(fake.requests[0]?.path).toBe('/openai/deployments/reflect-mini/chat/completions');
    expect(fake.requests[0]?.query['api-version']).toBe('2024-10-21');
    const [suggestion] = await assistMessages(app);
    if (!suggestion) throw new Error('no suggestion pushed');
    expect(suggestion.text).toMatch(/It sounds like: No answer \/ failed contact/);
    expect(suggestion.choices.map((c) => c.label)).toEqual(['Use this', 'No thanks']);
    const afterCaseRef = await say(app.url, USER, 'CR-7');
    expect(lastQuestion(afterCaseRef)?.meta.questionId).toBe('ctx-contact'); // not applied silently
    expect((await openState(app)).answers['ctx-contact']).toBeUndefined();
    const applied = await press(app.url, USER, suggestion, suggestion.choices[0]?.id ?? '');
    expect(applied.map((r) => r.text).join('\n')).toMatch(
      /Using the answer you chose earlier: No answer \/ failed contact/,
    );
    expect((await openState(app)).answers['ctx-contact']?.choice).toBe('no-answer');
    expect(lastQuestion(applied)?.meta.questionId).toBe('ctx-engagement');
  } finally {
    await app.stop();
  }
});
