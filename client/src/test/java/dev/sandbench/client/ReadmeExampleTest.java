package dev.sandbench.client;

import dev.sandbench.client.exec.ExecResult;
import dev.sandbench.client.files.FileEntry;
import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's client example, kept compiling and passing. */
class ReadmeExampleTest {
    @Test
    void theReadmeExampleRuns(@TempDir Path tmp) throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Path data = Files.writeString(tmp.resolve("data.csv"), "a,b\n1,2\n");
            String url = f.engine.url();
            String key = f.engine.adminKey();
            // --- README example starts
            try (SandbenchClient sb = SandbenchClient.connect(url, key)) {
                Sandbox box = sb.sandboxes().create(CreateSandbox.builder().template("python").memoryMb(256).build());
                FileEntry up = sb.files().upload(box.id(), data, "/workspace/data.csv", true,
                        (done, total) -> System.out.printf("upload %d/%d%n", done, total)).await();
                ExecResult r = sb.exec().run(box.id(), "python3 -c 'import csv; print(list(csv.reader(open(\"data.csv\"))))'");
                System.out.println(r.output());
                sb.sandboxes().destroy(box.id());
                // --- README example ends
                assertThat(up.size()).isEqualTo(8);
                assertThat(r.output()).isEqualTo("[['a', 'b'], ['1', '2']]\n");
            }
        }
    }
}
