import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'electron/**/*.test.ts',
      'scripts/**/*.test.ts',
      'server/**/*.test.ts',
      'test/sync/**/*.test.ts',
    ],
    environment: 'node',
  },
});
