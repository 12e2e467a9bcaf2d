package dev.sandbench.engine.terminal;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class OutputFramesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String data(OutputFrames.Frame f) throws Exception {
        var node = JSON.readTree(new String(f.json(), 0, f.length(), StandardCharsets.UTF_8));
        assertThat(node.get("type").asText()).isEqualTo("output");
        String escaped = new String(f.json(), f.escapedStart(), f.escapedLength(), StandardCharsets.UTF_8);
        assertThat(JSON.readTree("\"" + escaped + "\"").asText()).isEqualTo(f.text());
        return node.get("data").asText();
    }

    @Test
    void everyTextComesBackExactlyFromItsFrame() throws Exception {
        Random random = new Random(42);
        String pieces = "a\"\\\t\n\r\u0001\u001f é€😀 ~\u007f";
        for (int round = 0; round < 3000; round++) {
            StringBuilder t = new StringBuilder();
            int n = random.nextInt(60);
            for (int i = 0; i < n; i++) {
                if (random.nextInt(4) == 0) t.append("x".repeat(random.nextInt(20)));
                int at = random.nextInt(pieces.length());
                t.append(Character.isHighSurrogate(pieces.charAt(at)) ? pieces.substring(at, at + 2)
                        : Character.isLowSurrogate(pieces.charAt(at)) ? "y" : String.valueOf(pieces.charAt(at)));
            }
            String text = t.toString();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            OutputFrames frames = new OutputFrames();
            if (bytes.length == 0) continue;
            OutputFrames.Frame f = frames.next(bytes, 0, bytes.length);
            assertThat(f).isNotNull();
            assertThat(f.text()).isEqualTo(text);
            assertThat(data(f)).as(text).isEqualTo(text);
        }
    }

    @Test
    void aCharacterSplitAcrossReadsWaitsAndInvalidBytesBecomeReplacements() throws Exception {
        OutputFrames frames = new OutputFrames();
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertThat(frames.next(new byte[]{'a', euro[0]}, 0, 2).text()).isEqualTo("a");
        assertThat(frames.next(euro, 1, 2).text()).isEqualTo("€");
        OutputFrames.Frame bad = frames.next(new byte[]{'o', 'k', (byte) 0xff, '"'}, 0, 4);
        assertThat(data(bad)).isEqualTo("ok\uFFFD\"");
    }

    @Test
    void plainRunsStopAtTheFirstByteThatIsNotPlain() {
        byte[] b = "abcdefghijklmnop".getBytes(StandardCharsets.US_ASCII);
        assertThat(OutputFrames.plainRun(b, 0, b.length)).isEqualTo(16);
        for (int at = 0; at < 16; at++) {
            for (byte special : new byte[]{'"', '\\', 0, 0x1f, (byte) 0x80, (byte) 0xc3}) {
                byte[] c = b.clone();
                c[at] = special;
                assertThat(OutputFrames.plainRun(c, 0, c.length)).as("at " + at + " byte " + special).isEqualTo(at);
            }
        }
        assertThat(OutputFrames.plainRun(b, 3, 11)).isEqualTo(11);
    }
}
