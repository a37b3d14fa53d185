/** Self instructions by function name from a callgrind file, V8's generated code named from its `--perf-basic-prof` map. */
export function functionCosts(callgrindText: string, perfMapText: string): Map<string, number>;
