/** One thing wrong in a city package, located as precisely as the file allows. */
export interface ImportProblem {
  readonly file: string;
  /** 1-based line of a CSV record (the header is line 1); absent for JSON and whole-file problems. */
  readonly line?: number;
  readonly field?: string;
  readonly message: string;
}

export const formatProblem = (problem: ImportProblem): string =>
  `${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}${problem.field === undefined ? '' : ` ${problem.field}`}: ${problem.message}`;

/** Collects problems while reading, so that one run reports all of them, not the first. */
export class ProblemList {
  readonly items: ImportProblem[] = [];

  add(problem: ImportProblem): void {
    this.items.push(problem);
  }

  get isEmpty(): boolean {
    return this.items.length === 0;
  }
}
