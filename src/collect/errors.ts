// CollectError lives with the other error classes in shared/errors.ts.
export { CollectError } from "../shared/errors.ts";
