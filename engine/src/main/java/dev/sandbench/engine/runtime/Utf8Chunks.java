package dev.sandbench.engine.runtime;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a byte stream to text chunk by chunk, carrying a multi-byte character split across
 * two reads over to the next chunk instead of mangling it. Invalid bytes become U+FFFD.
 */
public final class Utf8Chunks {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(0);

    public String decode(byte[] buf, int off, int len) {
        ByteBuffer in;
        if (pending.hasRemaining()) {
            in = ByteBuffer.allocate(pending.remaining() + len);
            in.put(pending).put(buf, off, len).flip();
        } else {
            in = ByteBuffer.wrap(buf, off, len);
        }
        CharBuffer out = CharBuffer.allocate(len + 4);
        decoder.decode(in, out, false);
        pending = in.hasRemaining() ? ByteBuffer.wrap(copy(in)) : ByteBuffer.allocate(0);
        out.flip();
        return out.toString();
    }

    private static byte[] copy(ByteBuffer b) {
        byte[] rest = new byte[b.remaining()];
        b.get(rest);
        return rest;
    }
}
