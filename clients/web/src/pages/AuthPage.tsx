import { useId, useState, type FormEvent, type InputHTMLAttributes } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../generated';
import { formErrors } from '../lib/errors';
import { usePageTitle } from '../lib/hooks';
import { sessionFrom, setSession } from '../lib/session';

const Register = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...AuthFields
    }
  }
`);

const Login = graphql(`
  mutation Login($usernameOrEmail: String!, $password: String!) {
    login(usernameOrEmail: $usernameOrEmail, password: $password) {
      ...AuthFields
    }
  }
`);

/** A labelled input with its error beside it (announced, and tied to the input). */
export function Field({
  name,
  label,
  error,
  hint,
  ...input
}: {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string;
} & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        {...input}
      />
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

export function AuthPage() {
  const [mode, setMode] = useState<'signup' | 'login'>('signup');
  usePageTitle(mode === 'signup' ? 'Sign up' : 'Log in');
  const [registering, register] = useMutation(Register);
  const [loggingIn, login] = useMutation(Login);
  const [submitted, setSubmitted] = useState(false);
  const state = mode === 'signup' ? registering : loggingIn;
  const errors = formErrors(submitted ? state.error : undefined, ['email', 'username', 'password', 'usernameOrEmail']);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '');
    setSubmitted(true);
    if (mode === 'signup') {
      const result = await register({
        input: { email: value('email'), username: value('username'), password: value('password') },
      });
      if (result.data) setSession(sessionFrom(result.data.register));
    } else {
      const result = await login({ usernameOrEmail: value('usernameOrEmail'), password: value('password') });
      if (result.data) setSession(sessionFrom(result.data.login));
    }
  };

  return (
    <main className="auth" id="main">
      <h1 className="brand-large">Shutter</h1>
      <p className="muted">Share photos with the people you follow.</p>
      <div className="tabs" role="group" aria-label="Account">
        {(['signup', 'login'] as const).map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={mode === m}
            className={mode === m ? 'tab active' : 'tab'}
            onClick={() => {
              setMode(m);
              setSubmitted(false);
            }}
          >
            {m === 'signup' ? 'Sign up' : 'Log in'}
          </button>
        ))}
      </div>
      <form onSubmit={submit} noValidate aria-label={mode === 'signup' ? 'Sign up' : 'Log in'}>
        {mode === 'signup' ? (
          <>
            <Field name="email" label="Email" type="email" autoComplete="email" required error={errors.fields.email} />
            <Field
              name="username"
              label="Username"
              autoComplete="username"
              autoCapitalize="none"
              required
              hint="3–30 characters: letters, digits, dots and underscores."
              error={errors.fields.username}
            />
            <Field
              name="password"
              label="Password"
              type="password"
              autoComplete="new-password"
              required
              hint="At least 10 characters."
              error={errors.fields.password}
            />
          </>
        ) : (
          <>
            <Field
              name="usernameOrEmail"
              label="Username or email"
              autoComplete="username"
              autoCapitalize="none"
              required
              error={errors.fields.usernameOrEmail}
            />
            <Field
              name="password"
              label="Password"
              type="password"
              autoComplete="current-password"
              required
              error={errors.fields.password}
            />
          </>
        )}
        {errors.form && (
          <p className="error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" disabled={state.fetching}>
          {mode === 'signup' ? 'Create account' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
