/**
 * Output paths, checked before anything is written: an output file that is
 * a directory, an output directory that is a file, and any output under a
 * regular file are one-line `UsageError`s naming the path and what to do.
 * Missing parent directories are created one level at a time (Node's
 * recursive `mkdir` never returns for some paths, such as under `/proc`).
 */
import { mkdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { UsageError } from "../shared/errors.ts";

type PathKind = "directory" | "file" | "none";

/** Checks that `file` can be written as a file and creates its missing parent directories. */
export async function prepareOutputFile(file: string): Promise<void> {
  if ((await pathKind(file, file)) === "directory") {
    throw new UsageError(`cannot write "${file}": it is a directory; give a file name, e.g. ${join(file, "out.json")}`);
  }
  await ensureDirectory(dirname(file), file);
}

/** Checks that `dir` can be written as a directory and creates its missing parents (not `dir` itself). */
export async function prepareOutputDirectory(dir: string): Promise<void> {
  if ((await pathKind(dir, dir)) === "file") {
    throw new UsageError(`cannot write "${dir}": it is a file, not a directory; give a directory path`);
  }
  await ensureDirectory(dirname(dir), dir);
}

/**
 * Checks, without creating anything, that `path` can be written as a file
 * (`"file"`) or a directory (`"directory"`): run before long work so that a
 * bad output path fails first.
 */
export async function checkOutputPath(path: string, as: "file" | "directory"): Promise<void> {
  const kind = await pathKind(path, path);
  if (as === "file" && kind === "directory") {
    throw new UsageError(`cannot write "${path}": it is a directory; give a file name, e.g. ${join(path, "out.json")}`);
  }
  if (as === "directory" && kind === "file") throw new UsageError(`cannot write "${path}": it is a file, not a directory; give a directory path`);
  await missingDirectories(dirname(path), path);
}

/**
 * Creates directory `dir` and its missing parents, one level at a time,
 * after checking that the nearest existing one is a directory. `target` is
 * the output the messages name.
 */
export async function ensureDirectory(dir: string, target: string = dir): Promise<void> {
  for (const d of await missingDirectories(dir, target)) {
    try {
      await mkdir(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && (await pathKind(d, target)) === "directory") continue;
      throw new UsageError(`cannot write "${target}": cannot create the directory "${d}" (${reason(error)}); give a path in a writable directory`, {
        cause: error,
      });
    }
  }
}

/** The missing directories of `dir` (outermost first), after checking that the nearest existing one is a directory. */
async function missingDirectories(dir: string, target: string): Promise<string[]> {
  const missing: string[] = [];
  for (let p = dir; ; ) {
    const kind = await pathKind(p, target);
    if (kind === "directory") break;
    if (kind === "file") {
      throw new UsageError(`cannot write "${target}": "${p}" is a file, not a directory; give a path in a directory`);
    }
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  return missing.reverse();
}

async function pathKind(path: string, target: string): Promise<PathKind> {
  try {
    return (await stat(path)).isDirectory() ? "directory" : "file";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file, which the walk up finds and names.
    if (code === "ENOENT" || code === "ENOTDIR") return "none";
    throw new UsageError(`cannot write "${target}": cannot check "${path}" (${reason(error)}); give another path`, { cause: error });
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOENT") return "the file system refuses it";
  if (code === "EROFS") return "read-only file system";
  return code ?? (error as Error).message;
}
