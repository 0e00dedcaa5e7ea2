import { useState } from "react";

/**
 * A key for a form that changes with every answer of its action, so the form remounts
 * with that answer's defaults. React resets a form after its action, and restores <select>
 * elements to their first default rather than to an updated defaultValue: without a new
 * key, a select would jump back to the value it had when the page loaded (the role typed
 * before a failed submit, the status saved a moment ago).
 */
export function useFormKey(state: object): number {
  const [tracked, setTracked] = useState({ state, key: 0 });
  if (tracked.state !== state) {
    const next = { state, key: tracked.key + 1 };
    setTracked(next);
    return next.key;
  }
  return tracked.key;
}
