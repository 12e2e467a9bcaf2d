package dev.sandbench.client.files;

import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;
import okio.Sink;

import java.io.IOException;

/** Wraps a request body to report bytes written as progress. */
final class ProgressBody extends RequestBody {
    private final RequestBody delegate;
    private final TransferListener listener;

    ProgressBody(RequestBody delegate, TransferListener listener) {
        this.delegate = delegate;
        this.listener = listener;
    }

    @Override
    public MediaType contentType() {
        return delegate.contentType();
    }

    @Override
    public long contentLength() throws IOException {
        return delegate.contentLength();
    }

    @Override
    public boolean isOneShot() {
        return true;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        long total = contentLength();
        Sink counting = new ForwardingSink(sink) {
            private long done;

            @Override
            public void write(Buffer source, long byteCount) throws IOException {
                super.write(source, byteCount);
                done += byteCount;
                listener.onProgress(done, total);
            }
        };
        BufferedSink buffered = Okio.buffer(counting);
        delegate.writeTo(buffered);
        buffered.flush();
    }
}
