// Types of package-entries.mjs, for tsup.config.ts and the build test.

/** One public entry point of the package. */
export interface PublicEntry {
  /** The subpath as in package.json exports, `.` or `./<name>`. */
  subpath: string;
  /** The source file, relative to the package root. */
  source: string;
  /** The built file under dist/, without extension. */
  name: string;
}

/** The package.json fields that follow from the entries. */
export interface PackageFields {
  exports: Record<string, unknown>;
  typesVersions: { '*': Record<string, string[]> };
}

export declare const NOT_PLATFORMS: string[];
export declare const FIXED_ENTRIES: Record<string, string>;
export declare function publicEntries(root?: URL): PublicEntry[];
export declare function tsupEntries(root?: URL): Record<string, string>;
export declare function packageFields(entries?: PublicEntry[]): PackageFields;
export declare function packageMismatches(pkg: Record<string, unknown>, entries?: PublicEntry[]): string[];
