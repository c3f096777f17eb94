import { test } from '@playwright/test';

/** Where a screenshot for looking at by hand goes: $SHOTS when set, else the test's output folder. */
export const shots = (name: string) =>
  process.env.SHOTS ? `${process.env.SHOTS}/${name}` : test.info().outputPath(name);
