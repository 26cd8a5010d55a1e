/**
 * Rotation across reflections on the same case (issue 10 §3), through the local API and the real
 * store: within five reflections on one case and situation, every question of the situation's own
 * set is asked at least once, even when every answer raises a concern (so concerns keep coming back).
 */
import { composeCore, fits, type PastReflection } from '../../src/core/rotation';
import { startTestApp, type TestApp } from '../support/app';
import { SITUATIONS, walk } from '../support/situations';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

function ownSet(situation: string): string[] {
  const { catalog } = app.reflect;
  const set = catalog.sets.find((s) => !s.always && s.appliesTo.includes(situation));
  return (set?.questions ?? []).filter((id) => !catalog.questions.get(id)?.followUpOnly);
}

describe('five reflections on one case', () => {
  it.each(SITUATIONS.map((s) => [s.name, s] as const))('%s: cover the situation set', async (_name, base) => {
    const { catalog } = app.reflect;
    const caseRef = `${base.caseRef}-R`;
    // Every "yes" raises a concern where a question can: the worst case for rotation.
    const s = { ...base, caseRef, opening: base.opening.replace(base.caseRef, caseRef), answers: {} };
    const yes = Object.fromEntries(
      [...catalog.questions.values()].map((q) => [q.id, q.kind === 'checklist' ? '1' : 'yes']),
    );
    const asked = new Set<string>();
    const firsts: string[][] = [];
    for (let i = 0; i < 5; i++) {
      const w = await walk(app.url, 'alex', { ...s, checklist: '1', answers: { ...yes, 'cf-unsafe-now': 'no' } });
      firsts.push(w.asked);
      for (const id of w.asked) asked.add(id);
    }
    const situation = catalog.situations.find((x) =>
      Object.entries(x.when).some(([k, v]) => v?.includes(k === 'contact' ? s.contact : s.engagement)),
    );
    const context = { contact: s.contact, engagement: s.engagement, childSeen: s.childSeen };
    const own = ownSet(situation?.id ?? '').filter((id) => fits(catalog.questions.get(id)!, context));
    expect(own.length).toBeGreaterThan(5);
    expect(own.filter((id) => !asked.has(id))).toEqual([]);
    expect(firsts[1]).not.toEqual(firsts[0]); // the core rotates
  });
});

describe('the rotation order', () => {
  it('brings back a question that raised a concern last time, before never-asked ones', () => {
    const { catalog } = app.reflect;
    const first = composeCore(catalog, ['hostile'], {}, []);
    const concern = first[1]!;
    const history: PastReflection[] = [{ situations: ['hostile'], asked: first, concerns: [concern] }];
    const second = composeCore(catalog, ['hostile'], {}, history);
    expect(second[0]).toBe(concern);
    expect(second.slice(1, 3).every((id) => !first.includes(id))).toBe(true);
  });

  it('asks never-asked questions before recently asked ones, and least recent before most recent', () => {
    const { catalog } = app.reflect;
    const own = ownSet('no-answer');
    const history: PastReflection[] = [
      { situations: ['no-answer'], asked: own.slice(3), concerns: [] },
      { situations: ['no-answer'], asked: own.slice(0, 3), concerns: [] },
    ];
    const core = composeCore(catalog, ['no-answer'], {}, history);
    expect(core.slice(0, 3)).toEqual(own.slice(0, 3)); // all asked: the oldest come first
    const never = composeCore(catalog, ['no-answer'], {}, history.slice(0, 1));
    expect(never.slice(0, 3)).toEqual(own.slice(0, 3)); // never asked beats asked last time
  });

  it('skips questions that do not fit what happened', () => {
    const { catalog } = app.reflect;
    const picked = composeCore(catalog, ['no-answer'], { contact: 'no-answer' }, []);
    for (const id of picked) expect(fits(catalog.questions.get(id)!, { contact: 'no-answer' })).toBe(true);
  });
});
