/** The Teams size budget: no activity over 100 KB (UTF-16), nothing dropped, buttons on the last part. */
import { cardActivities, lineBlocks } from '../../../src/channels/teams/card-kit';
import { previewCard } from '../../../src/channels/teams/cards';
import { TEAMS_ACTIVITY_BYTES, utf16Bytes } from '../../../src/channels/teams/budget';
import { buttonsOf, textOf } from './helpers';

const lines = (n: number, width: number) =>
  Array.from({ length: n }, (_, i) => `Line ${i + 1}: ${'é child’s words '.repeat(width).trim()}`);

describe('the Teams activity budget', () => {
  it('keeps all 400 lines of a long preview (no cut at 120) within one activity when they fit', () => {
    const text = lines(400, 2).join('\n');
    const parts = cardActivities(
      previewCard({ kind: 'preview', text, choices: [{ id: 'share', label: 'Share' }] }),
      '(continued)',
    );
    expect(parts).toHaveLength(1);
    expect(textOf(parts[0] as unknown as Record<string, unknown>)).toContain('Line 400:');
  });

  it('continues an oversized summary in further activities, each under 100 KB, every line kept, in order', () => {
    const all = lines(600, 12);
    const card = previewCard({ kind: 'preview', text: all.join('\n'), choices: [{ id: 'share', label: 'Share' }] });
    expect(utf16Bytes(card)).toBeGreaterThan(TEAMS_ACTIVITY_BYTES);
    const parts = cardActivities(card, '(continued)');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(utf16Bytes(p)).toBeLessThan(TEAMS_ACTIVITY_BYTES - 2048);
    const shown = parts.map((p) => textOf(p as unknown as Record<string, unknown>)).join('\n');
    let at = -1;
    for (const line of all) {
      const next = shown.indexOf(line, at + 1);
      expect(next).toBeGreaterThan(at);
      at = next;
    }
    expect(shown.split('(continued)').length - 1).toBe(parts.length - 1);
    expect(buttonsOf(parts.slice(0, -1))).toHaveLength(0);
    expect(buttonsOf(parts[parts.length - 1]).map((b) => b.title)).toEqual(['Share']);
  });

  it('splits one line too big for any activity at word breaks without losing a character', () => {
    const huge = 'word '.repeat(30_000).trim();
    const parts = cardActivities({ type: 'AdaptiveCard', version: '1.5', body: lineBlocks(huge) }, '(continued)');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(utf16Bytes(p)).toBeLessThan(TEAMS_ACTIVITY_BYTES);
    const joined = parts
      .map((p) => textOf(p as unknown as Record<string, unknown>).replace('(continued)\n', ''))
      .join('');
    expect(joined.replace(/\s+/g, '')).toBe(huge.replace(/\s+/g, ''));
  });
});
