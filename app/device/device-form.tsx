"use client";

import {
  FieldError,
  FormMessage,
  SubmitButton,
  describedBy,
  inputClass,
  labelClass,
} from "@/components/forms/form-controls";
import { useFormAction } from "@/components/forms/use-form-action";
import { DEVICE_PATH } from "@/lib/oauth/device-path";
import type { DeviceAnswerFormState, DeviceCodeFormState, DeviceRequestView } from "@/lib/validations/device-code";
import { answerDeviceCode, lookUpDeviceCode } from "./actions";

// First the code, then the app and its scopes with Allow and Deny. The answer forms carry only
// the code: the action looks it up again, so a tampered field can at most be refused.
export function DeviceForm({ initialCode }: { initialCode: string }) {
  const lookup = useFormAction<"userCode", DeviceRequestView>(lookUpDeviceCode, {
    values: { userCode: initialCode },
  } satisfies DeviceCodeFormState);
  const request = lookup.state.ok ? lookup.state.result : undefined;
  if (request) return <DeviceAnswer request={request} />;
  const errors = lookup.state.errors?.userCode;
  return (
    <form action={lookup.action} onSubmit={lookup.onSubmit} className="mt-6 space-y-4" noValidate>
      <p className="text-sm text-slate-700">Enter the code shown on your device or in your terminal.</p>
      <div>
        <label htmlFor="device-user-code" className={labelClass}>
          Code
        </label>
        <input
          id="device-user-code"
          name="userCode"
          defaultValue={lookup.state.values?.userCode ?? initialCode}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder="BCDF-GHJK"
          maxLength={40}
          aria-invalid={errors ? true : undefined}
          aria-describedby={describedBy(errors && "device-user-code-error")}
          className={`${inputClass} font-mono uppercase tracking-widest`}
        />
        <FieldError id="device-user-code-error" messages={errors} />
      </div>
      <div className="flex justify-end">
        <SubmitButton pending={lookup.pending} pendingLabel="Checking…">
          Continue
        </SubmitButton>
      </div>
    </form>
  );
}

function DeviceAnswer({ request }: { request: DeviceRequestView }) {
  const answer = useFormAction<"userCode", NonNullable<DeviceAnswerFormState["result"]>>(answerDeviceCode, {});
  const done = answer.state.ok ? answer.state.result : undefined;
  if (done)
    return (
      <p role="status" className="mt-6 rounded border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
        {done.answer === "allow"
          ? `You allowed ${done.appName}. Return to your device: it continues on its own.`
          : `You denied ${done.appName}. It gets no access; you can close this page.`}
      </p>
    );
  const hidden = (value: "allow" | "deny") => (
    <>
      <input type="hidden" name="userCode" value={request.userCode} />
      <input type="hidden" name="answer" value={value} />
    </>
  );
  return (
    <div className="mt-6">
      <h2 className="text-lg font-semibold">{request.appName} wants to access your Keyward account</h2>
      <p className="mt-1 text-sm text-slate-600">
        Code <code data-testid="device-code-confirmed">{request.userCode}</code>: check that your device shows the same.
      </p>
      <h3 className="mt-4 text-sm font-medium">If you allow it, {request.appName} will be able to:</h3>
      <ul aria-label="Requested permissions" className="mt-2 space-y-2">
        {request.scopes.map(({ scope, description, granted }) => (
          <li key={scope} className="rounded border border-slate-200 p-2 text-sm">
            <span className={granted ? "" : "text-slate-500 line-through"}>{description}</span>{" "}
            <code className="text-xs text-slate-500">{scope}</code>
            {granted ? null : (
              <span className="mt-1 block text-xs font-medium text-amber-800">
                Not granted: your role does not allow it
              </span>
            )}
          </li>
        ))}
      </ul>
      {request.canAllow ? null : (
        <p className="mt-4 rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          Your role allows none of what {request.appName} asks for, so there is nothing you can allow.
        </p>
      )}
      <div className="mt-4">
        <FormMessage state={answer.state} />
        {answer.state.message ? (
          // A plain link: the page starts again with an empty field.
          <a href={DEVICE_PATH} className="mt-2 inline-block text-sm text-indigo-700 underline">
            Enter another code
          </a>
        ) : null}
      </div>
      <div className="mt-6 flex justify-end gap-3">
        <form action={answer.action} onSubmit={answer.onSubmit}>
          {hidden("deny")}
          <button
            type="submit"
            disabled={answer.pending}
            className="rounded border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100 disabled:opacity-60"
          >
            Deny
          </button>
        </form>
        {request.canAllow ? (
          <form action={answer.action} onSubmit={answer.onSubmit}>
            {hidden("allow")}
            <button
              type="submit"
              disabled={answer.pending}
              className="rounded bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
            >
              Allow
            </button>
          </form>
        ) : null}
      </div>
    </div>
  );
}
