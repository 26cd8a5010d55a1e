/**
 * The short soak CI runs: two replicas on Postgres, practitioners on Slack and the local API, a
 * replica SIGKILLed at random moments. `npm run soak` is the long version (see scripts/soak.ts).
 */
import { passed, runSoak } from '../../scripts/soak';

const url = process.env.DATABASE_URL;

if (url) {
  it('two replicas under SIGKILL: nothing lost, nothing doubled, no 500', async () => {
    const r = await runSoak({ seconds: 6, slack: 2, local: 2, killEveryMs: 2000, killAfterShare: false });
    expect({
      lost: r.lost,
      status500: r.status500,
      doubleOpen: r.doubleOpen,
      duplicatePosts: r.duplicatePosts,
    }).toEqual({ lost: 0, status500: 0, doubleOpen: 0, duplicatePosts: 0 });
    expect(r.acknowledged).toBeGreaterThan(10);
    expect(r.kills).toBeGreaterThan(0);
    expect(r.summaryPosts).toBe(r.shared);
    expect(passed(r)).toBe(true);
  }, 180_000);
} else {
  it('says what it needs when there is no Postgres to soak', async () => {
    await expect(runSoak({ seconds: 1, slack: 1, local: 1, killEveryMs: 1000, killAfterShare: false })).rejects.toThrow(
      /SOAK_NO_DATABASE/,
    );
  });
}
