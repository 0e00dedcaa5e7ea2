import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import type { FormState } from "@/lib/validations/form-state";

/**
 * A form's server action with the kit's submit guard: with JavaScript the form is sent from
 * onSubmit, once until the action answers; `action` is there for a form sent without it
 * (React skips a form's action when onSubmit prevented the default).
 *
 * Why not through `action` alone: React resets a form after its action runs. Inputs bound to state
 * keep their state but the reset puts the DOM back to the defaults, so after a refused submit
 * a select showed "Choose…" while its state (and the next submit) still held the earlier
 * choice, and ticked checkboxes showed unticked. Sending the FormData ourselves leaves the
 * form exactly as the user sees it, so what is shown is what is sent.
 *
 * Why a ref beside isPending: isPending arrives a render later than a fast second click.
 */
export function useFormAction<F extends string, R>(
  action: (state: FormState<F, R>, data: FormData) => Promise<FormState<F, R>>,
  initial: FormState<F, R>,
) {
  const [state, dispatch, pending] = useActionState<FormState<F, R>, FormData>(action, initial);
  const submitting = useRef(false);
  // Each answer opens the form for the next submit (after fixing a field, say).
  useEffect(() => {
    submitting.current = false;
  }, [state]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting.current) return;
    submitting.current = true;
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  return { state, pending, onSubmit, action: dispatch };
}
