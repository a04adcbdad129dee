/** Where requestUpload says to send a file's bytes. */
export interface UploadTarget {
  uploadId: string;
  url: string;
  method: string;
  fields: readonly { name: string; value: string }[];
}

/**
 * Sends a file straight to storage (never through the API), reporting progress: a PUT of the bytes
 * (local storage), or a form POST with the target's fields first and the file last (S3).
 * XMLHttpRequest, because fetch reports no upload progress.
 */
export function sendFile(target: UploadTarget, file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(target.method, target.url);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new Error(`The upload of ${file.name} was refused (HTTP ${request.status}).`));
    });
    request.addEventListener('error', () => reject(new Error(`The upload of ${file.name} failed.`)));
    if (target.method === 'POST') {
      const form = new FormData();
      for (const { name, value } of target.fields) form.append(name, value);
      form.append('file', file);
      request.send(form);
    } else {
      request.setRequestHeader('content-type', file.type);
      request.send(file);
    }
  });
}
