import { describe, expect, it } from 'vitest';
import { withFileUpdates } from '~/studio/history.server';

type Row = { versionNo: number; inStudio: boolean; note: string | null; lawSummary: string | null; fileUpdate: { summary: string; lawChange?: boolean } | null };
const row = (versionNo: number, fileUpdate: Row['fileUpdate'], inStudio = false, note: string | null = null): Row => ({ versionNo, inStudio, note, lawSummary: null, fileUpdate });

describe('the studio history shows what changed in versions imported from files', () => {
  it('takes the frontmatter summary where it first appears, and marks a law change', () => {
    // Newest first, as the history lists them.
    const versions = withFileUpdates([
      row(4, { summary: 'Patto UE in vigore dal 12 giugno 2026', lawChange: true }),
      row(3, { summary: 'Refusi corretti' }),
      row(2, { summary: 'Refusi corretti' }),
      row(1, null),
    ]);
    expect(versions.map((v) => [v.versionNo, v.note, v.lawSummary])).toEqual([
      [4, 'Patto UE in vigore dal 12 giugno 2026', 'Patto UE in vigore dal 12 giugno 2026'],
      [3, null, null],
      [2, 'Refusi corretti', null],
      [1, null, null],
    ]);
  });

  it('keeps the note of a version published in the studio', () => {
    const [v] = withFileUpdates([row(2, { summary: 'dal file' }, true, 'scritta nello studio')]);
    expect(v!.note).toBe('scritta nello studio');
  });
});
