import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">403: not allowed</h1>
      <p className="mt-2 text-slate-600">Your role does not allow this page. Ask a super admin if you need access.</p>
      <Link href="/" className="mt-4 inline-block text-indigo-700 underline">
        Back to the dashboard
      </Link>
    </main>
  );
}
