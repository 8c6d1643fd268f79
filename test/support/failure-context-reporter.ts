// Prints, for each failed e2e test, the page as Playwright saw it when the test failed (the
// accessibility snapshot it writes to error-context.md). CI keeps only its log, not test-results/:
// without this a failure on CI says what was awaited but never what was on the screen instead.

import { readFile } from 'node:fs/promises';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Enough to see which screen and dialog were up; the whole snapshot can run to pages. */
const MAX_CHARS = 6_000;

export default class FailureContextReporter implements Reporter {
  private readonly pending: Promise<void>[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'passed' || result.status === 'skipped') return;
    const context = result.attachments.find((attachment) => attachment.name === 'error-context');
    if (!context?.path) return;
    this.pending.push(
      readFile(context.path, 'utf8')
        .then((file) => {
          // The file opens with instructions and the error (printed above already); the page is
          // its YAML block (older versions head it "# Page snapshot").
          const yaml = /```yaml\n([\s\S]*?)```/.exec(file);
          const heading = file.indexOf('# Page snapshot');
          const text = yaml ? yaml[1]! : heading >= 0 ? file.slice(heading) : file;
          const shown = text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}\n…(cut)` : text;
          process.stdout.write(
            `\n── The page when "${test.title}" failed (${test.location.file.split('/').pop()}) ──\n${shown}\n`,
          );
        })
        .catch(() => undefined),
    );
  }

  async onEnd(): Promise<void> {
    await Promise.all(this.pending);
  }

  printsToStdio(): boolean {
    return false;
  }
}
