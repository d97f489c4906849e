/** "Did you mean" for names typed by people: flags, metrics, aggregations, profile keys. Pure. */

/** Edit distance (insert, delete, substitute, swap two neighbours: each costs 1). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}

/**
 * The choice nearest to `input` (case-insensitive), or undefined when none is close enough to be
 * a likely typo: at most a third of the longer name, and at least 2 edits, may differ.
 */
export function closest(input: string, choices: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const choice of choices) {
    const d = editDistance(needle, choice.toLowerCase());
    if (d < bestDistance) {
      best = choice;
      bestDistance = d;
    }
  }
  const allowed = Math.max(2, Math.floor(Math.max(needle.length, best?.length ?? 0) / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** ` (did you mean x?)` or the empty string, ready to append to a message. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion ? ` (did you mean ${suggestion}?)` : '';
}
