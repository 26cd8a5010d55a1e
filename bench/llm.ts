/**
 * npm run bench:llm: what LLM assistance costs. (1) Input tokens sent over a full scripted
 * reflection with assistance on, against a naive baseline computed in the same run: all five
 * guidance documents sent with every call. (2) Turn latency with assistance on (fake answering
 * instantly) against off, interleaved so the shared machine's noise hits both alike.
 * Writes its section of docs/benchmarks.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { countMessages, countText, type ChatMessageLike } from '../src/llm/tokens';
import { callName, startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../test/fakes/openai/server';
import { helpful, runToPreview, share, startApp } from '../test/llm/harness';
import { fmt, machine, percentile, writeSection } from './report';

const ROOT = path.resolve(__dirname, '..');
const ROUNDS = 6; // reflections per mode in the latency comparison

function messagesOf(r: RecordedRequest): ChatMessageLike[] {
  return (r.body.messages ?? []).map((m) => ({ role: m.role === 'system' ? 'system' : 'user', content: m.content }));
}

function guidanceText(): string {
  const dir = path.join(ROOT, 'guidance');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n\n');
}

interface TokenFigures {
  calls: Array<{ name: string; tokens: number; schema: number }>;
  docsTokens: number;
  docs: number;
}

async function tokenRun(fake: FakeOpenAI): Promise<TokenFigures> {
  fake.reset();
  helpful(fake);
  const app = await startApp(fake, { LLM_TOKEN_BUDGET: '1000000' });
  try {
    const { preview } = await runToPreview(app);
    await share(app, preview);
  } finally {
    await app.stop();
  }
  const calls = fake.requests.map((r) => ({
    name: callName(r) ?? '?',
    tokens: countMessages(messagesOf(r)),
    schema: countText(JSON.stringify(r.body.response_format?.json_schema?.schema ?? {})),
  }));
  const docs = guidanceText();
  return {
    calls,
    docsTokens: countText(docs),
    docs: readdirSync(path.join(ROOT, 'guidance')).filter((f) => f.endsWith('.md')).length,
  };
}

async function latencyRun(fake: FakeOpenAI | undefined): Promise<number[]> {
  const app = await startApp(fake, { LLM_TOKEN_BUDGET: '1000000' });
  try {
    // No waiting for assistance between turns: its work overlaps the next turn, as it would live.
    const { preview, timings } = await runToPreview(app, undefined, { waitForAssist: false });
    await share(app, preview);
    await app.reflect.assist.idle();
    return timings;
  } finally {
    await app.stop();
  }
}

function tokenSection(t: TokenFigures): string {
  const ours = t.calls.reduce((n, c) => n + c.tokens, 0);
  const schema = t.calls.reduce((n, c) => n + c.schema, 0);
  const baseline = ours + t.calls.length * t.docsTokens;
  const byName = ['triage', 'follow_up', 'polish'].map((name) => {
    const calls = t.calls.filter((c) => c.name === name);
    const sum = calls.reduce((n, c) => n + c.tokens, 0);
    return `| ${name} | ${calls.length} | ${sum} | ${calls.length ? Math.round(sum / calls.length) : 0} |`;
  });
  return [
    `One scripted reflection (the test script: opening message, three notes, preview) with assistance on, against the fake provider. Input tokens counted with gpt-tokenizer (o200k) over the request messages.`,
    '',
    '| | calls | input tokens | per call |',
    '|---|---:|---:|---:|',
    `| **Reflect** (pseudonymised text + one cited guidance section, or answers for the narrative) | ${t.calls.length} | ${ours} | ${Math.round(ours / Math.max(1, t.calls.length))} |`,
    `| Naive baseline: the same calls with all ${t.docs} guidance documents (${t.docsTokens} tokens) in each | ${t.calls.length} | ${baseline} | ${Math.round(baseline / Math.max(1, t.calls.length))} |`,
    `| **Ratio** (target ≤ 10%) | | **${fmt((100 * ours) / baseline, 1)}%** | |`,
    '',
    `The response schemas add ${schema} tokens in all (${fmt((100 * (ours + schema)) / (baseline + schema), 1)}% of the baseline with schemas counted on both sides).`,
    '',
    '| call | count | input tokens | per call |',
    '|---|---:|---:|---:|',
    ...byName,
  ].join('\n');
}

function latencySection(off: number[], on: number[]): string {
  const row = (name: string, v: number[]) =>
    `| ${name} | ${v.length} | ${fmt(percentile(v, 50))} | ${fmt(percentile(v, 95))} | ${fmt(Math.max(...v))} |`;
  const p50 = percentile(on, 50) / percentile(off, 50);
  const p95 = percentile(on, 95) / percentile(off, 95);
  return [
    `Turn latency (POST /local/messages, ms) over ${ROUNDS} scripted reflections per mode, interleaved; assistance on uses the fake provider answering instantly, and its work runs after each reply.`,
    '',
    '| assistance | turns | p50 | p95 | max |',
    '|---|---:|---:|---:|---:|',
    row('off', off),
    row('on (instant fake)', on),
    '',
    `Ratio on/off: **p50 ${fmt(p50)}×, p95 ${fmt(p95)}×**; added per turn at p50: ${fmt(percentile(on, 50) - percentile(off, 50))} ms.`,
  ].join('\n');
}

async function main(): Promise<void> {
  const fake = await startFakeOpenAI();
  try {
    const tokens = await tokenRun(fake);
    const off: number[] = [];
    const on: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      off.push(...(await latencyRun(undefined)));
      fake.reset();
      helpful(fake);
      on.push(...(await latencyRun(fake)));
    }
    const markdown = [
      `## LLM assistance (\`npm run bench:llm\`)`,
      '',
      `Machine: ${machine()}.`,
      '',
      '### Input tokens',
      '',
      tokenSection(tokens),
      '',
      '### Latency added per turn',
      '',
      latencySection(off, on),
    ].join('\n');
    writeSection('llm', markdown);
    process.stdout.write(`${markdown}\n`);
  } finally {
    await fake.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:llm failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
