import { CopyButton } from "@/components/ui/copy-button";

/** A new secret, shown once with its copy button and the warning that it will not return. */
export function SecretReveal({
  secret,
  title,
  children,
}: {
  secret: string;
  title: string;
  children?: React.ReactNode;
}) {
  return (
    <section aria-labelledby="secret-reveal-title" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4">
      <h2 id="secret-reveal-title" className="font-medium text-emerald-900">
        {title}
      </h2>
      <p className="mt-1 text-sm text-emerald-900">
        <strong>Copy it now. You will not be able to see it again.</strong> Keyward keeps only a hash of it. Treat it
        like a password: do not email it or commit it to a repository.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <label htmlFor="new-secret" className="sr-only">
          New secret
        </label>
        <input
          id="new-secret"
          readOnly
          value={secret}
          spellCheck={false}
          autoComplete="off"
          data-testid="new-secret"
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-3 py-2 font-mono text-sm"
        />
        <CopyButton value={secret} />
      </div>
      {children}
    </section>
  );
}
