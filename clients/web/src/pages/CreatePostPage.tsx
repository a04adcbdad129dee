import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useClient, useMutation } from 'urql';
import { useLocation } from 'wouter';
import { graphql } from '../generated';
import { errorText, formErrors } from '../lib/errors';
import { usePageTitle } from '../lib/hooks';
import { sendFile } from '../lib/upload';

const RequestUpload = graphql(`
  mutation RequestUpload($input: RequestUploadInput!) {
    requestUpload(input: $input) {
      uploadId
      url
      method
      fields {
        name
        value
      }
    }
  }
`);

const CreatePost = graphql(`
  mutation CreatePost($input: CreatePostInput!) {
    createPost(input: $input) {
      id
    }
  }
`);

const MAX_FILES = 10;
const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif';

interface Chosen {
  file: File;
  preview: string;
  progress: number;
}

export function CreatePostPage() {
  usePageTitle('New post');
  const client = useClient();
  const [, navigate] = useLocation();
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [captionError, setCaptionError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [, createPost] = useMutation(CreatePost);

  // Previews are object URLs: released when another choice replaces them, or the page closes.
  const previews = useRef<string[]>([]);
  useEffect(() => () => previews.current.forEach((url) => URL.revokeObjectURL(url)), []);

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    setProblem(
      files.length > MAX_FILES ? `Choose at most ${MAX_FILES} pictures; the first ${MAX_FILES} are kept.` : null,
    );
    previews.current.forEach((url) => URL.revokeObjectURL(url));
    const next = files.slice(0, MAX_FILES).map((file) => ({ file, preview: URL.createObjectURL(file), progress: 0 }));
    previews.current = next.map((c) => c.preview);
    setChosen(next);
  };

  const setProgress = (index: number, progress: number) =>
    setChosen((all) => all.map((c, i) => (i === index ? { ...c, progress } : c)));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const caption = String(new FormData(event.currentTarget).get('caption') ?? '');
    if (chosen.length === 0) {
      setProblem('Choose at least one picture.');
      return;
    }
    setBusy(true);
    setProblem(null);
    setCaptionError(undefined);
    try {
      // Each file straight to storage, in parallel; the post names them in the chosen order.
      const uploadIds = await Promise.all(
        chosen.map(async ({ file }, index) => {
          const requested = await client
            .mutation(RequestUpload, { input: { contentType: file.type, byteSize: file.size } })
            .toPromise();
          if (!requested.data) throw new Error(`${file.name}: ${errorText(requested.error) ?? 'refused'}`);
          await sendFile(requested.data.requestUpload, file, (fraction) => setProgress(index, fraction));
          return requested.data.requestUpload.uploadId;
        }),
      );
      const created = await createPost({ input: { caption, uploadIds } });
      if (created.data) {
        navigate(`/p/${created.data.createPost.id}`);
        return;
      }
      const errors = formErrors(created.error, ['caption']);
      setCaptionError(errors.fields.caption);
      setProblem(errors.form);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="new-title">
      <h1 id="new-title">New post</h1>
      <form onSubmit={submit} className="stack">
        <div className="field">
          <label htmlFor="new-files">Pictures (up to {MAX_FILES})</label>
          <input id="new-files" name="files" type="file" accept={ACCEPT} multiple onChange={choose} disabled={busy} />
        </div>
        {chosen.length > 0 && (
          <ul className="previews" aria-label="Chosen pictures">
            {chosen.map((c, i) => (
              <li key={c.preview}>
                <img src={c.preview} alt={`Chosen picture ${i + 1}: ${c.file.name}`} width={120} height={120} />
                <progress max={1} value={c.progress} aria-label={`Upload of ${c.file.name}`} />
              </li>
            ))}
          </ul>
        )}
        <div className="field">
          <label htmlFor="new-caption">Caption</label>
          <textarea
            id="new-caption"
            name="caption"
            rows={3}
            maxLength={2200}
            aria-invalid={captionError ? true : undefined}
            aria-describedby={captionError ? 'new-caption-error' : undefined}
          />
          {captionError && (
            <small id="new-caption-error" className="error" role="alert">
              {captionError}
            </small>
          )}
        </div>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Sharing…' : 'Share'}
        </button>
      </form>
    </section>
  );
}
