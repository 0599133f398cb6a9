/** What the user asked for on the command line. Exactly one of keys / epic / sprint / allReady is used. */
export interface Selection {
  /** Explicit keys, in the order given. */
  keys: string[];
  /** `--epic KEY`: the open tickets whose epic is KEY. */
  epic?: string;
  /** `--sprint current|NAME|ID`. */
  sprint?: string;
  /** `--all-ready`: every ticket with status `ready`. */
  allReady?: boolean;
  /** `--with-dependencies`: add the open tickets the selection depends on (transitively). */
  withDependencies?: boolean;
}
