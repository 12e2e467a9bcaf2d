package dev.sandbench.client;

import dev.sandbench.client.account.CreatedAccount;
import dev.sandbench.client.account.CreatedKey;
import dev.sandbench.client.sandboxes.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountClientTest {
    static EngineFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new EngineFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void keysAreCreatedUsedAndRevoked() {
        CreatedKey k = f.client.account().createKey("ci");
        assertThat(k.key()).startsWith(k.prefix());
        try (SandbenchClient ci = f.clientWithKey(k.key())) {
            assertThat(ci.sandboxes().list()).isNotNull();
            assertThat(f.client.account().keys()).extracting("name").contains("ci", "admin");
            f.client.account().revokeKey(k.id());
            assertThatThrownBy(() -> ci.sandboxes().list()).isInstanceOf(AuthenticationException.class)
                    .satisfies(e -> assertThat(((SandbenchException) e).problem().detail()).contains("revoked"));
        }
        assertThat(f.client.account().sessions()).isNotEmpty();
        f.client.account().forgetSession(f.client.account().sessions().get(0).id());
        assertThat(f.client.account().subscription().plan()).isEqualTo("self-hosted");
        assertThatThrownBy(() -> f.client.account().checkout()).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("self-hosted");
        assertThatThrownBy(() -> f.client.account().portal()).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.client.account().cancelSubscription()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void accountsAreSeparate() {
        CreatedAccount other = f.client.account().createAccount("other team");
        assertThat(f.client.account().accounts()).extracting("name").contains("other team");
        Sandbox mine = f.client.sandboxes().create();
        try (SandbenchClient them = f.clientWithKey(other.key().key())) {
            assertThatThrownBy(() -> them.sandboxes().get(mine.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> them.account().createAccount("x")).isInstanceOf(PermissionDeniedException.class);
        }
        f.client.sandboxes().destroy(mine.id());
    }
}
