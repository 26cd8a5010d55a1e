/**
 * A turn's own cost, without HTTP: the service (load, engine, one commit) called directly, one
 * practitioner at a time. Baseline: the durable-write floor, one small SQLite transaction with
 * synchronous=FULL, measured on the same disk in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config';
import type { EngineInput, Reply } from '../src/core/types';
import { createLogger } from '../src/log';
import { startReflect } from '../src/main';

/** A distinct, realistic note each time, so redaction (and its memo) is measured honestly. */
export function note(reflection: number, step: number): string {
  return `Visit ${reflection}.${step}: dad stood in the doorway the whole time and mum said the children were at their nan's. I did not ask to see the bedroom or speak to Kai alone.`;
}

function nextInput(replies: Reply[], step: number, reflection: number): EngineInput | undefined {
  const q = [...replies].reverse().find((x) => x.kind === 'question' || x.kind === 'preview');
  if (!q) return undefined;
  if (q.kind === 'preview') return { type: 'choice', value: 'share', questionId: 'preview', token: q.meta?.token };
  if (!q.choices?.length) return { type: 'text', text: step === 0 ? `CR-${reflection}` : note(reflection, step) };
  const value = q.choices.some((c) => c.id === 'no') ? 'no' : (q.choices[0]?.id ?? 'no');
  return { type: 'choice', value, questionId: q.meta?.questionId, token: q.meta?.token };
}

export async function inProcessTurns(reflections: number): Promise<number[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-inproc-'));
  const reflect = await startReflect(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir }), {
    log: createLogger('silent'),
  });
  const times: number[] = [];
  try {
    for (let r = 0; r < reflections; r++) {
      let out = await reflect.service.handle({
        channel: 'local',
        practitionerId: 'alex',
        input: { type: 'text', text: 'hello' },
      });
      for (let step = 0; step < 200; step++) {
        const input = nextInput(out.replies, step, r);
        if (!input) break;
        const t = performance.now();
        out = await reflect.service.handle({ channel: 'local', practitionerId: 'alex', input });
        times.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 2)); // a practitioner's pause, in which deferred work runs
        if (input.type === 'choice' && input.value === 'share') break;
      }
    }
  } finally {
    await reflect.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

export function durableWriteFloor(count: number): number[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reflect-fsync-'));
  const db = new Database(path.join(dir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table t (id integer primary key, v text)');
  const insert = db.prepare('insert into t (v) values (?)');
  const write = db.transaction((v: string) => insert.run(v));
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    write('x'.repeat(2000));
    times.push(performance.now() - t);
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return times;
}
