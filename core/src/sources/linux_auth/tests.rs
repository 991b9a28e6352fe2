use serde_json::{json, Value};

use super::*;
use crate::timestamp::Timestamp;
use crate::sources::testing;

#[test]
fn every_variant_round_trips_over_seeds() {
    assert_eq!(testing::assert_round_trip(&LinuxAuth, 0..200), 200 * VARIANTS.len());
}

/// One message form: intent, line, variant, OCSF class, activity and status (0 when the record
/// has none), and vendor fields the reader must find.
type Case = (&'static str, &'static str, &'static str, u32, u32, u32, Vec<(&'static str, Value)>);

fn cases() -> Vec<Case> {
    vec![
        // sshd logins
        (
            "password login with header",
            "<38>Feb  3 08:14:22 bastion01 sshd[40211]: Accepted password for maria from 198.51.100.23 port 50412 ssh2",
            "ssh_accepted_password", 3002, 1, 1,
            vec![("user", json!("maria")), ("src_ip", json!("198.51.100.23")), ("src_port", json!(50412)), ("pid", json!(40211))],
        ),
        (
            "public key login with key info",
            "Feb  3 08:15:01 bastion01 sshd[40240]: Accepted publickey for deploy from 10.20.0.14 port 41022 ssh2: ED25519 SHA256:q7Zx0dDkC1kq8v3JmW4bTQ2nqfYy7mXz5r0hHqkzQfA",
            "file_ssh_accepted_publickey", 3002, 1, 1,
            vec![("key_type", json!("ED25519")), ("key_fingerprint", json!("SHA256:q7Zx0dDkC1kq8v3JmW4bTQ2nqfYy7mXz5r0hHqkzQfA"))],
        ),
        (
            "keyboard-interactive login with a PAM submethod",
            "Accepted keyboard-interactive/pam for maria from 2001:db8::42 port 50999 ssh2",
            "ssh_accepted_other", 3002, 1, 1,
            vec![("auth_method", json!("keyboard-interactive/pam")), ("src_ip", json!("2001:db8::42"))],
        ),
        (
            "gssapi login",
            " Accepted gssapi-with-mic for svc-backup from 10.20.0.30 port 40022 ssh2",
            "ssh_accepted_other", 3002, 1, 1,
            vec![("auth_method", json!("gssapi-with-mic")), ("user", json!("svc-backup"))],
        ),
        (
            "login by a method that names no address",
            " Accepted otp-token for admin",
            "ssh_accepted_other", 3002, 1, 1,
            vec![("user", json!("admin")), ("auth_method", json!("otp-token"))],
        ),
        (
            "key found in authorized_keys",
            "  Accepted key ECDSA SHA256:mA3Jtq0M9pXr6u0F2bL1c7Y3wQ8vZ5kN4hT1sD9eR2o found at /home/maria/.ssh/authorized_keys:3",
            "ssh_key_accepted", 3002, 1, 1,
            vec![("key_type", json!("ECDSA")), ("key_file", json!("/home/maria/.ssh/authorized_keys:3"))],
        ),
        (
            "partial success of a two-factor login",
            "Partial publickey for maria from 198.51.100.23 port 50412 ssh2: RSA SHA256:b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e",
            "ssh_auth_partial", 3002, 1, 99,
            vec![("auth_stage", json!("Partial"))],
        ),
        // sshd login failures
        (
            "failed password",
            "Feb  3 08:16:40 bastion01 sshd[40301]: Failed password for root from 203.0.113.77 port 60122 ssh2",
            "file_ssh_failed_password", 3002, 1, 2,
            vec![("user", json!("root")), ("src_ip", json!("203.0.113.77"))],
        ),
        (
            "failed none for an invalid user",
            "Failed none for invalid user support from 203.0.113.78 port 33012 ssh2",
            "ssh_invalid_user", 3002, 1, 2,
            vec![("user", json!("support")), ("auth_method", json!("none"))],
        ),
        (
            "failed publickey",
            "Failed publickey for git from 203.0.113.79 port 51200 ssh2: RSA SHA256:Zk1x2c3v4b5n6m7a8s9d0f1g2h3j4k5l6q7w8e9r0t1",
            "ssh_auth_failure", 3002, 1, 2,
            vec![("auth_method", json!("publickey")), ("key_type", json!("RSA"))],
        ),
        (
            "failed password without port, as old releases write",
            "Failed password for invalid user oracle from 203.0.113.80",
            "ssh_invalid_user", 3002, 1, 2,
            vec![("user", json!("oracle")), ("src_ip", json!("203.0.113.80"))],
        ),
        (
            "invalid user",
            " Invalid user ftpuser from 203.0.113.81 port 44310",
            "ssh_invalid_user", 3002, 1, 2,
            vec![("user", json!("ftpuser")), ("src_port", json!(44310))],
        ),
        (
            "invalid user from a host name",
            "Invalid user jane from scanner.example.net port 41000",
            "ssh_invalid_user", 3002, 1, 2,
            vec![("src_host", json!("scanner.example.net"))],
        ),
        (
            "invalid empty user",
            "Invalid user  from 203.0.113.82 port 40001",
            "ssh_invalid_user", 3002, 1, 2,
            vec![("src_ip", json!("203.0.113.82"))],
        ),
        (
            "invalid user from the pre-authentication process",
            "input_userauth_request: invalid user webadmin [preauth]",
            "ssh_invalid_user", 3002, 1, 2,
            vec![("user", json!("webadmin")), ("preauth", json!(true))],
        ),
        (
            "user not allowed",
            " User guest from 203.0.113.83 not allowed because not listed in AllowUsers",
            "ssh_user_not_allowed", 3002, 1, 2,
            vec![("user", json!("guest")), ("reason", json!("not listed in AllowUsers"))],
        ),
        (
            "maximum authentication attempts",
            " error: maximum authentication attempts exceeded for invalid user admin from 203.0.113.84 port 52011 ssh2 [preauth]",
            "ssh_max_auth_attempts", 3002, 1, 2,
            vec![("user", json!("admin")), ("level", json!("error")), ("user_status", json!("invalid"))],
        ),
        (
            "disconnecting after too many failures",
            "Disconnecting authenticating user root 203.0.113.85 port 40400: Too many authentication failures [preauth]",
            "ssh_max_auth_attempts", 3002, 1, 2,
            vec![("user", json!("root")), ("src_ip", json!("203.0.113.85"))],
        ),
        (
            "root login refused",
            "ROOT LOGIN REFUSED FROM 203.0.113.86 port 39000",
            "ssh_root_login_refused", 3002, 1, 2,
            vec![("user", json!("root"))],
        ),
        // sshd connections
        (
            "connection opened",
            "  Connection from 198.51.100.60 port 52000 on 10.20.0.5 port 22 rdomain \"\"",
            "ssh_connection_opened", 4007, 1, 1,
            vec![("src_ip", json!("198.51.100.60")), ("dst_ip", json!("10.20.0.5")), ("dst_port", json!(22))],
        ),
        (
            "connection closed before authentication",
            "Connection closed by 198.51.100.61 port 52100 [preauth]",
            "ssh_connection_closed", 4007, 2, 1,
            vec![("src_ip", json!("198.51.100.61")), ("preauth", json!(true))],
        ),
        (
            "connection closed by an authenticating user",
            "Connection closed by authenticating user backup 198.51.100.62 port 52101 [preauth]",
            "ssh_connection_closed", 4007, 2, 1,
            vec![("user", json!("backup"))],
        ),
        (
            "connection closed by an invalid user",
            "Connection closed by invalid user tomcat 198.51.100.63 port 52102 [preauth]",
            "ssh_connection_closed", 4007, 2, 1,
            vec![("user", json!("tomcat")), ("user_status", json!("invalid"))],
        ),
        (
            "connection closed by an invalid user without a name",
            "Connection closed by invalid user 198.51.100.64 port 52103 [preauth]",
            "ssh_connection_closed", 4007, 2, 1,
            vec![("src_ip", json!("198.51.100.64"))],
        ),
        (
            "connection closed by an illegal user, as OpenSSH 7 writes",
            "Connection closed by illegal user pi 198.51.100.65 port 52104 [preauth]",
            "ssh_connection_closed", 4007, 2, 1,
            vec![("user", json!("pi"))],
        ),
        (
            "connection closed without a port",
            "Connection closed by 198.51.100.66 [preauth]",
            "ssh_connection_closed", 4007, 2, 1,
            vec![("src_ip", json!("198.51.100.66"))],
        ),
        (
            "connection reset",
            " Connection reset by 198.51.100.67 port 52105 [preauth]",
            "ssh_connection_reset", 4007, 3, 0,
            vec![("src_port", json!(52105))],
        ),
        (
            "disconnected before authentication",
            "Disconnected from 198.51.100.68 port 52106 [preauth]",
            "ssh_disconnected", 4007, 2, 1,
            vec![("src_ip", json!("198.51.100.68"))],
        ),
        (
            "disconnected user",
            "Disconnected from user maria 198.51.100.23 port 50412",
            "ssh_disconnected", 4007, 2, 1,
            vec![("user", json!("maria"))],
        ),
        (
            "disconnected domain user",
            "Disconnected from user maria@corp.example 198.51.100.23 port 50413",
            "ssh_disconnected", 4007, 2, 1,
            vec![("user", json!("maria@corp.example"))],
        ),
        (
            "disconnected authenticating user",
            "Disconnected from authenticating user root 198.51.100.69 port 52107 [preauth]",
            "ssh_disconnected", 4007, 2, 1,
            vec![("user", json!("root"))],
        ),
        (
            "disconnected invalid user",
            "Disconnected from invalid user steam 198.51.100.70 port 52108 [preauth]",
            "ssh_disconnected", 4007, 2, 1,
            vec![("user", json!("steam"))],
        ),
        (
            "received disconnect with a reason",
            "Feb  3 08:20:00 bastion01 sshd[40500]: Received disconnect from 198.51.100.71 port 52109:11: disconnected by user",
            "ssh_disconnected", 4007, 2, 1,
            vec![("disconnect_code", json!(11)), ("reason", json!("disconnected by user"))],
        ),
        (
            "received disconnect from IPv6 before authentication",
            "Received disconnect from 2001:db8:0:1::7 port 40000:11: Bye Bye [preauth]",
            "ssh_disconnected", 4007, 2, 1,
            vec![("src_ip", json!("2001:db8:0:1::7")), ("src_port", json!(40000)), ("reason", json!("Bye Bye"))],
        ),
        (
            "received disconnect without port, as old releases write",
            "Received disconnect from 198.51.100.72: 11: Normal Shutdown, Thank you for playing [preauth]",
            "ssh_disconnected", 4007, 2, 1,
            vec![("src_ip", json!("198.51.100.72")), ("disconnect_code", json!(11))],
        ),
        (
            "received disconnect at error level",
            "error: Received disconnect from 198.51.100.73 port 52110:3: com.jcraft.jsch.JSchException: Auth fail [preauth]",
            "ssh_disconnected", 4007, 2, 1,
            vec![("disconnect_code", json!(3)), ("level", json!("error"))],
        ),
        (
            "no identification string",
            " Did not receive identification string from 198.51.100.74 port 52111",
            "ssh_no_identification", 4007, 4, 2,
            vec![("src_ip", json!("198.51.100.74"))],
        ),
        (
            "bad protocol banner",
            "Bad protocol version identification '\\026\\003\\001' from 198.51.100.75 port 52112",
            "ssh_bad_protocol", 4007, 4, 2,
            vec![("src_port", json!(52112))],
        ),
        (
            "invalid banner format",
            "banner exchange: Connection from 198.51.100.76 port 52113: invalid format",
            "ssh_bad_protocol", 4007, 4, 2,
            vec![("reason", json!("invalid format"))],
        ),
        (
            "no common cipher",
            "  Unable to negotiate with 198.51.100.77 port 52114: no matching host key type found. Their offer: ssh-rsa,ssh-dss [preauth]",
            "ssh_negotiation_failed", 4007, 5, 2,
            vec![("src_port", json!(52114)), ("reason", json!("no matching host key type found. Their offer: ssh-rsa,ssh-dss"))],
        ),
        (
            "timeout before authentication",
            "fatal: Timeout before authentication for 198.51.100.78 port 52115",
            "ssh_timeout", 4007, 4, 2,
            vec![("level", json!("fatal"))],
        ),
        (
            "fatal protocol error",
            "ssh_dispatch_run_fatal: Connection from invalid user admin 198.51.100.79 port 52116: message authentication code incorrect [preauth]",
            "ssh_connection_failed", 4007, 4, 2,
            vec![("user", json!("admin")), ("reason", json!("message authentication code incorrect"))],
        ),
        // sessions
        (
            "session started",
            " Starting session: shell on pts/2 for maria from 198.51.100.23 port 50412 id 0",
            "ssh_session_started", 3002, 1, 1,
            vec![("tty", json!("pts/2")), ("session_kind", json!("shell")), ("session_id", json!(0))],
        ),
        (
            "sftp session started",
            "Starting session: subsystem 'sftp' for deploy from 10.20.0.14 port 41022 id 1",
            "ssh_session_started", 3002, 1, 1,
            vec![("session_kind", json!("subsystem 'sftp'")), ("user", json!("deploy"))],
        ),
        (
            "pam session opened by root",
            " pam_unix(sshd:session): session opened for user maria by (uid=0)",
            "session_opened", 3002, 1, 1,
            vec![("user", json!("maria")), ("by_uid", json!(0)), ("pam_type", json!("session"))],
        ),
        (
            "pam session opened with uids",
            "Feb  3 08:17:00 bastion01 sshd[40320]: pam_unix(sshd:session): session opened for user maria(uid=1004) by (uid=0)",
            "file_session_opened", 3002, 1, 1,
            vec![("uid", json!(1004))],
        ),
        (
            "cron session",
            "Feb  3 08:17:01 bastion01 CRON[40330]: pam_unix(cron:session): session opened for user root(uid=0) by root(uid=0)",
            "file_session_opened", 3002, 1, 1,
            vec![("by_user", json!("root")), ("pam_service", json!("cron"))],
        ),
        (
            "sudo session is an account switch",
            "Feb  3 08:18:00 bastion01 sudo: pam_unix(sudo:session): session opened for user root(uid=0) by maria(uid=1004)",
            "file_session_opened", 3002, 7, 1,
            vec![("by_user", json!("maria")), ("by_uid", json!(1004))],
        ),
        (
            "pam session closed",
            " pam_unix(sshd:session): session closed for user maria",
            "session_closed", 3002, 2, 1,
            vec![("user", json!("maria"))],
        ),
        (
            "logind session",
            "Feb  3 08:17:00 bastion01 systemd-logind[812]: New session 42 of user maria.",
            "logind_session_opened", 3002, 1, 1,
            vec![("session_id", json!("42")), ("user", json!("maria"))],
        ),
        // PAM authentication
        (
            "pam authentication failure with user",
            " pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.90  user=root",
            "pam_auth_failure", 3002, 1, 2,
            vec![("src_ip", json!("203.0.113.90")), ("user", json!("root")), ("caller_uid", json!(0))],
        ),
        (
            "pam authentication failure without user",
            "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=host-7.example.net",
            "pam_auth_failure", 3002, 1, 2,
            vec![("src_host", json!("host-7.example.net"))],
        ),
        (
            "pam sudo authentication failure is an account switch",
            "Feb  3 08:19:00 bastion01 sudo: pam_unix(sudo:auth): authentication failure; logname=maria uid=1004 euid=0 tty=/dev/pts/2 ruser=maria rhost=  user=maria",
            "pam_auth_failure", 3002, 7, 2,
            vec![("user", json!("maria")), ("tty", json!("/dev/pts/2"))],
        ),
        (
            "pam check pass",
            "pam_unix(sshd:auth): check pass; user unknown",
            "pam_auth_failure", 3002, 1, 2,
            vec![("reason", json!("user unknown"))],
        ),
        (
            "sssd authentication success",
            "pam_sss(sshd:auth): authentication success; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.20.0.50 user=maria@corp.example",
            "pam_auth_success", 3002, 1, 1,
            vec![("user", json!("maria@corp.example"))],
        ),
        (
            "sssd result code",
            "pam_sss(sshd:auth): received for user maria: 7 (Authentication failure)",
            "pam_auth_failure", 3002, 1, 2,
            vec![("pam_result", json!(7)), ("reason", json!("Authentication failure"))],
        ),
        (
            "pam more failures",
            "PAM 4 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.91  user=admin",
            "pam_more_failures", 3002, 1, 2,
            vec![("more_failures", json!(4)), ("user", json!("admin"))],
        ),
        (
            "pam one more failure",
            "PAM 1 more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.92",
            "pam_more_failures", 3002, 1, 2,
            vec![("more_failures", json!(1)), ("src_ip", json!("203.0.113.92"))],
        ),
        (
            "pam max retries",
            " PAM service(sshd) ignoring max retries; 5 > 3",
            "pam_max_retries", 3002, 1, 2,
            vec![("pam_service", json!("sshd")), ("reason", json!("ignoring max retries; 5 > 3"))],
        ),
        (
            "sshd pam failure",
            "error: PAM: Authentication failure for illegal user test from 203.0.113.93",
            "pam_auth_failure", 3002, 1, 2,
            vec![("user", json!("test")), ("src_ip", json!("203.0.113.93"))],
        ),
        (
            "faillock lockout",
            "pam_faillock(sshd:auth): Consecutive login failures for user maria account temporarily locked",
            "pam_account_locked", 3002, 1, 2,
            vec![("user", json!("maria"))],
        ),
        (
            "tally2 lockout",
            "pam_tally2(sshd:auth): user maria (1004) tally 6, deny 5",
            "pam_account_locked", 3002, 1, 2,
            vec![("tally", json!(6))],
        ),
        (
            "winbind grants access",
            " pam_winbind(sshd:account): user 'maria@corp.example' granted access",
            "pam_account_granted", 3002, 1, 1,
            vec![("user", json!("maria@corp.example")), ("pam_type", json!("account"))],
        ),
        (
            "winbind denies access",
            "pam_winbind(sshd:auth): user 'CORP\\maria' denied access (incorrect password or invalid membership)",
            "pam_account_denied", 3002, 1, 2,
            vec![("user", json!("CORP\\maria"))],
        ),
        (
            "pam module cannot start a session",
            "pam_systemd(sshd:session): Failed to create session: Maximum number of sessions (8192) reached, refusing further sessions.",
            "pam_module_error", 6008, 1, 2,
            vec![("pam_module", json!("pam_systemd"))],
        ),
        (
            "pam cannot load a module",
            "PAM unable to dlopen(pam_otp.so): /lib/security/pam_otp.so: cannot open shared object file: No such file or directory",
            "pam_module_error", 6008, 1, 2,
            vec![],
        ),
        // sudo and su
        (
            "sudo command",
            "Feb  3 08:18:00 bastion01 sudo:    maria : TTY=pts/2 ; PWD=/home/maria ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx",
            "file_sudo_command", 3002, 7, 1,
            vec![("user", json!("maria")), ("target_user", json!("root")), ("command", json!("/usr/bin/systemctl restart nginx"))],
        ),
        (
            "sudo command without a terminal",
            "sudo: deploy : PWD=/srv/app ; USER=www-data ; GROUP=www-data ; COMMAND=/usr/bin/find /tmp -name *.lock ; -delete",
            "sudo_command", 3002, 7, 1,
            vec![("target_group", json!("www-data")), ("command", json!("/usr/bin/find /tmp -name *.lock ; -delete"))],
        ),
        (
            "sudo wrong passwords",
            "Feb  3 08:19:10 bastion01 sudo:    maria : 3 incorrect password attempts ; TTY=pts/2 ; PWD=/home/maria ; USER=root ; COMMAND=/bin/bash",
            "sudo_failure", 3002, 7, 2,
            vec![("reason", json!("3 incorrect password attempts"))],
        ),
        (
            "sudo user not in sudoers",
            "guest : user NOT in sudoers ; TTY=pts/3 ; PWD=/home/guest ; USER=root ; COMMAND=/usr/bin/cat /etc/shadow",
            "sudo_failure", 3002, 7, 2,
            vec![("reason", json!("user NOT in sudoers"))],
        ),
        (
            "shadow su success",
            "Feb  3 08:21:00 bastion01 su[40600]: Successful su for root by maria",
            "su_success", 3002, 7, 1,
            vec![("user", json!("maria")), ("target_user", json!("root"))],
        ),
        (
            "shadow su failure",
            "FAILED su for postgres by guest",
            "su_failure", 3002, 7, 2,
            vec![("target_user", json!("postgres"))],
        ),
        (
            "util-linux su",
            "Feb  3 08:21:05 bastion01 su[40610]: (to root) maria on pts/2",
            "su_success", 3002, 7, 1,
            vec![("tty", json!("pts/2"))],
        ),
        (
            "util-linux su failure",
            "Feb  3 08:21:06 bastion01 su[40611]: FAILED SU (to root) guest on pts/3",
            "su_failure", 3002, 7, 2,
            vec![("user", json!("guest"))],
        ),
        (
            "shadow su session marker",
            "Feb  3 08:21:07 bastion01 su[40612]: + pts/2 maria:root",
            "su_success", 3002, 7, 1,
            vec![("target_user", json!("root"))],
        ),
        (
            "root console login",
            "Feb  3 07:30:00 bastion01 login[700]: ROOT LOGIN  on '/dev/tty1'",
            "login_success", 3002, 1, 1,
            vec![("user", json!("root")), ("tty", json!("/dev/tty1"))],
        ),
        (
            "util-linux console login",
            "Feb  3 07:30:00 bastion01 login[700]: LOGIN ON tty2 BY maria",
            "login_success", 3002, 1, 1,
            vec![("user", json!("maria")), ("tty", json!("tty2"))],
        ),
        (
            "failed console login from a remote host",
            "Feb  3 07:31:00 bastion01 login[701]: FAILED LOGIN (1) on '/dev/pts/4' from 'term.corp.example' FOR 'guest', Authentication failure",
            "login_failure", 3002, 1, 2,
            vec![("user", json!("guest")), ("tty", json!("/dev/pts/4")), ("src_host", json!("term.corp.example")), ("reason", json!("Authentication failure"))],
        ),
        (
            "util-linux failed console login",
            "FAILED LOGIN 2 FROM tty3 FOR maria, Authentication failure",
            "login_failure", 3002, 1, 2,
            vec![("user", json!("maria")), ("tty", json!("tty3"))],
        ),
        (
            "certificate login",
            "Accepted publickey for git from 10.20.0.15 port 41300 ssh2: ED25519-CERT SHA256:c0ffee ID git@build (serial 12) CA ED25519 SHA256:beef",
            "ssh_accepted_publickey", 3002, 1, 1,
            vec![("key_fingerprint", json!("SHA256:c0ffee")), ("key_certificate", json!("ID git@build (serial 12) CA ED25519 SHA256:beef"))],
        ),
        (
            "program with a parenthesised tag",
            "Feb  3 07:00:05 bastion01 polkitd(authority=local): Registered Authentication Agent for unix-session:2",
            "other", 0, 99, 0,
            vec![("app_name", json!("polkitd(authority=local)"))],
        ),
        // shadow-utils
        (
            "new user",
            "Feb  3 09:00:00 bastion01 useradd[41000]: new user: name=svc-report, UID=1105, GID=1105, home=/home/svc-report, shell=/bin/bash, from=/dev/pts/2",
            "file_useradd", 3001, 1, 1,
            vec![("user", json!("svc-report")), ("uid", json!(1105)), ("home", json!("/home/svc-report"))],
        ),
        (
            "new user from a script",
            "new user: name=app, UID=998, GID=998, home=/nonexistent, shell=/usr/sbin/nologin, from=none",
            "useradd", 3001, 1, 1,
            vec![("from_tty", json!("none"))],
        ),
        (
            "delete user",
            "Feb  3 09:05:00 bastion01 userdel[41010]: delete user 'svc-report'",
            "userdel", 3001, 6, 1,
            vec![("user", json!("svc-report"))],
        ),
        (
            "pam password change",
            "Feb  3 09:06:00 bastion01 passwd[41020]: pam_unix(passwd:chauthtok): password changed for maria",
            "passwd_change", 3001, 3, 1,
            vec![("user", json!("maria"))],
        ),
        (
            "shadow password change by root",
            "Feb  3 09:06:01 bastion01 passwd[41021]: password for 'maria' changed by 'root'",
            "passwd_change", 3001, 3, 1,
            vec![("by_user", json!("root"))],
        ),
        (
            "bare password change",
            "password changed for deploy",
            "passwd_change", 3001, 3, 1,
            vec![("user", json!("deploy"))],
        ),
        (
            "lock password",
            "Feb  3 09:07:00 bastion01 usermod[41030]: lock user 'guest' password",
            "account_locked", 3001, 9, 1,
            vec![("user", json!("guest"))],
        ),
        (
            "unlock password",
            "Feb  3 09:07:10 bastion01 usermod[41031]: unlock user 'guest' password",
            "account_unlocked", 3001, 12, 1,
            vec![("user", json!("guest"))],
        ),
        (
            "new group",
            "Feb  3 09:08:00 bastion01 groupadd[41040]: new group: name=reporting, GID=1106",
            "groupadd", 3006, 6, 1,
            vec![("group", json!("reporting")), ("gid", json!(1106))],
        ),
        (
            "group added to the group file",
            "Feb  3 09:08:00 bastion01 groupadd[41040]: group added to /etc/group: name=reporting, GID=1106",
            "groupadd", 3006, 6, 1,
            vec![("group", json!("reporting"))],
        ),
        (
            "group member added",
            "Feb  3 09:09:00 bastion01 usermod[41050]: add 'maria' to group 'sudo'",
            "group_member_added", 3006, 3, 1,
            vec![("user", json!("maria")), ("group", json!("sudo"))],
        ),
        (
            "shadow group member added",
            "add 'maria' to shadow group 'sudo'",
            "group_member_added", 3006, 3, 1,
            vec![("group", json!("sudo"))],
        ),
        (
            "group member removed",
            "Feb  3 09:09:30 bastion01 gpasswd[41060]: delete 'maria' from group 'docker'",
            "group_member_removed", 3006, 4, 1,
            vec![("group", json!("docker"))],
        ),
        (
            "group removed",
            "Feb  3 09:10:00 bastion01 groupdel[41070]: group 'reporting' removed",
            "groupdel", 3006, 5, 1,
            vec![("group", json!("reporting"))],
        ),
        (
            "user group removed with the user",
            "Feb  3 09:05:00 bastion01 userdel[41010]: removed group 'svc-report' owned by 'svc-report'",
            "groupdel", 3006, 5, 1,
            vec![("group", json!("svc-report")), ("user", json!("svc-report"))],
        ),
        // messages without a specific reader
        (
            "repeated message",
            "Feb  3 08:30:00 bastion01 sshd[40700]: message repeated 3 times: [ Failed password for root from 203.0.113.94 port 60200 ssh2]",
            "file_ssh_failed_password", 3002, 1, 2,
            vec![("repeat_count", json!(3)), ("src_ip", json!("203.0.113.94"))],
        ),
        (
            "sshd fatal error",
            "fatal: userauth_finish: send failure packet: Connection reset by peer [preauth]",
            "error", 6008, 1, 2,
            vec![("level", json!("fatal")), ("preauth", json!(true))],
        ),
        (
            "sshd error with a header",
            "Feb  3 08:31:00 bastion01 sshd[40710]: error: kex_exchange_identification: Connection closed by remote host",
            "error", 6008, 1, 2,
            vec![("level", json!("error"))],
        ),
        (
            "sshd informational message",
            "Feb  3 07:00:00 bastion01 sshd[812]: Server listening on 0.0.0.0 port 22.",
            "other", 0, 99, 0,
            vec![("app_name", json!("sshd"))],
        ),
        (
            "bare sshd informational message",
            "  Received signal 15; terminating.",
            "other", 0, 99, 0,
            vec![("message", json!("Received signal 15; terminating."))],
        ),
        (
            "disconnecting for another reason",
            "Disconnecting invalid user admin 203.0.113.95 port 40500: Change of username or service not allowed: (admin,ssh-connection) -> (root,ssh-connection) [preauth]",
            "ssh_disconnected", 4007, 2, 1,
            vec![("user", json!("admin")), ("reason", json!("Change of username or service not allowed: (admin,ssh-connection) -> (root,ssh-connection)"))],
        ),
        (
            "sshd-session program of OpenSSH 9.8",
            "Feb  3 08:40:00 bastion01 sshd-session[40800]: Accepted publickey for deploy from 10.20.0.14 port 41100 ssh2: ED25519 SHA256:u8Yc2dE1fG0hI9jK8lM7nO6pQ5rS4tU3vW2xY1zA0bC",
            "file_ssh_accepted_publickey", 3002, 1, 1,
            vec![("app_name", json!("sshd-session"))],
        ),
        (
            "rsyslog high-precision timestamp",
            "2026-02-03T08:14:22.123456+00:00 bastion01 sshd[40211]: Failed password for maria from 198.51.100.23 port 50414 ssh2",
            "file_ssh_failed_password", 3002, 1, 2,
            vec![("timestamp", json!("2026-02-03T08:14:22.123456+00:00"))],
        ),
        (
            "tag without timestamp",
            "sshd[40900]: Accepted password for maria from 198.51.100.23 port 50415 ssh2",
            "ssh_accepted_password", 3002, 1, 1,
            vec![("pid", json!(40900)), ("app_name", json!("sshd"))],
        ),
        (
            "RFC 5424 forwarded line",
            "<86>1 2026-02-03T08:14:25.250Z bastion01 sshd 40912 - - Failed password for root from 203.0.113.61 port 41200 ssh2",
            "ssh_failed_password", 3002, 1, 2,
            vec![
                ("timestamp", json!("2026-02-03T08:14:25.250Z")),
                ("hostname", json!("bastion01")),
                ("app_name", json!("sshd")),
                ("pid", json!(40912)),
                ("src_ip", json!("203.0.113.61")),
            ],
        ),
        (
            "RFC 5424 line with structured data",
            "<38>1 2026-02-03T08:14:26Z bastion01 sudo - - [meta sequenceId=\"7\"] maria : TTY=pts/1 ; PWD=/home/maria ; USER=root ; COMMAND=/usr/bin/id",
            "sudo_command", 3002, 7, 1,
            vec![("app_name", json!("sudo")), ("user", json!("maria"))],
        ),
        (
            "logind session logged out",
            "Feb  3 09:02:00 bastion01 systemd-logind[812]: Session 42 logged out. Waiting for processes to exit.",
            "logind_session_closed", 3002, 2, 1,
            vec![("session_id", json!("42"))],
        ),
        (
            "logind session removed",
            "Feb  3 09:02:01 bastion01 systemd-logind[812]: Removed session 42.",
            "logind_session_closed", 3002, 2, 1,
            vec![("session_id", json!("42"))],
        ),
    ]
}

#[test]
fn message_forms_parse_and_map() {
    let options = testing::received_at_start();
    for (intent, line, variant, class_uid, activity_id, status_id, expected) in cases() {
        let parsed = testing::parse_ok(&LinuxAuth, line);
        assert_eq!(parsed.variant, Some(variant), "{intent}: variant");
        for (name, value) in &expected {
            assert_eq!(parsed.fields.get(name), Some(value), "{intent}: field {name} of {:?}", parsed.fields);
        }

        let record = LinuxAuth.to_ocsf(&parsed, &options).unwrap_or_else(|e| panic!("{intent}: {e}"));
        assert_eq!(record["class_uid"], class_uid, "{intent}: class");
        assert_eq!(record["activity_id"], activity_id, "{intent}: activity");
        assert_eq!(record.get("status_id").and_then(crate::ocsf::Node::as_u64).unwrap_or(0), u64::from(status_id), "{intent}: status");
        testing::assert_valid_ocsf(&record, intent);
    }
}

/// Maps a line with a received time and returns the record.
fn record_of(line: &str) -> serde_json::Map<String, Value> {
    let parsed = testing::parse_ok(&LinuxAuth, line);
    match LinuxAuth.to_ocsf(&parsed, &testing::received_at_start()) {
        Ok(record) => record.into_map(),
        Err(err) => panic!("{line}: {err}"),
    }
}

#[test]
fn login_maps_user_endpoints_and_method() {
    let record = record_of("Feb  3 08:15:01 bastion01 sshd[40240]: Accepted publickey for deploy from 10.20.0.14 port 41022 ssh2: RSA SHA256:abc");
    assert_eq!(record["user"]["name"], "deploy");
    assert_eq!(record["src_endpoint"]["ip"], "10.20.0.14");
    assert_eq!(record["src_endpoint"]["port"], 41022);
    assert_eq!(record["dst_endpoint"]["hostname"], "bastion01");
    assert_eq!(record["service"]["name"], "sshd");
    assert_eq!(record["logon_type_id"], 10);
    assert_eq!(record["is_remote"], true);
    assert_eq!(record["auth_protocol"], "SSH public key");
    assert_eq!(record["actor"]["process"]["pid"], 40240);
    assert_eq!(record["unmapped"]["key_fingerprint"], "SHA256:abc");
    assert_eq!(record["time"], Timestamp::from_civil(crate::generate::DEFAULT_START_YEAR, 2, 3, 8, 15, 1, 0).millis());
}

#[test]
fn bare_sshd_message_names_the_service() {
    // Authentication needs `service` or `dst_endpoint`; a bare message has no host name.
    let record = record_of(" Failed password for root from 203.0.113.77 port 60122 ssh2");
    assert_eq!(record["service"]["name"], "sshd");
    assert_eq!(record["time"], crate::generate::default_start().millis());
    assert_eq!(record.get("dst_endpoint"), None);
}

#[test]
fn headers_of_other_collectors_are_read() {
    let year = crate::generate::DEFAULT_START_YEAR;
    for (line, year) in [
        ("Mar 3 14:02:11 web01 sshd[1234]: Accepted password for jdoe from 198.51.100.47 port 40023 ssh2", year),
        ("2026-03-03 14:02:11 web01 sshd[1234]: Accepted password for jdoe from 198.51.100.47 port 40023 ssh2", 2026),
    ] {
        let record = record_of(line);
        assert_eq!(record["class_uid"], 3002, "{line}");
        assert_eq!(record["time"], Timestamp::from_civil(year, 3, 3, 14, 2, 11, 0).millis(), "{line}");
        assert_eq!(record["device"]["hostname"], "web01", "{line}");
        assert_eq!(record["user"]["name"], "jdoe", "{line}");
        assert_eq!(record["src_endpoint"]["ip"], "198.51.100.47", "{line}");
    }
}

#[test]
fn password_helper_failure_names_user() {
    let record = record_of("Mar  3 14:02:11 web01 unix_chkpwd[999]: password check failed for user (jdoe)");
    assert_eq!(record["class_uid"], 3002);
    assert_eq!(record["status_id"], 2);
    assert_eq!(record["user"]["name"], "jdoe");
    assert_eq!(record["device"]["hostname"], "web01");
}

#[test]
fn gssapi_login_is_kerberos() {
    let record = record_of("Accepted gssapi-with-mic for svc-backup from 10.20.0.30 port 40022 ssh2");
    assert_eq!(record["auth_protocol_id"], 2);
    assert_eq!(record["auth_protocol"], "Kerberos");
}

#[test]
fn sudo_maps_target_and_invoker() {
    let record = record_of("Feb  3 08:18:00 bastion01 sudo:    maria : TTY=pts/2 ; PWD=/home/maria ; USER=postgres ; COMMAND=/usr/bin/psql");
    assert_eq!(record["user"]["name"], "postgres");
    assert_eq!(record["actor"]["user"]["name"], "maria");
    assert_eq!(record["account_switch_type_id"], 1);
    assert_eq!(record["session"]["terminal"], "pts/2");
    assert_eq!(record["unmapped"]["command"], "/usr/bin/psql");
    assert_eq!(record["service"]["name"], "sudo");

    let record = record_of("Feb  3 08:18:00 bastion01 sudo: pam_unix(sudo:session): session opened for user root(uid=0) by maria(uid=1004)");
    assert_eq!(record["user"]["name"], "root");
    assert_eq!(record["user"]["uid"], "0");
    assert_eq!(record["actor"]["user"]["name"], "maria");
}

#[test]
fn domain_users_are_split() {
    let record = record_of("Disconnected from user maria@corp.example 198.51.100.23 port 50413");
    assert_eq!(record["actor"]["user"]["name"], "maria");
    assert_eq!(record["actor"]["user"]["domain"], "corp.example");

    let record = record_of("pam_winbind(sshd:auth): user 'CORP\\maria' denied access (incorrect password or invalid membership)");
    assert_eq!(record["user"]["name"], "maria");
    assert_eq!(record["user"]["domain"], "CORP");
    assert_eq!(record["status_detail"], "incorrect password or invalid membership");
}

#[test]
fn connection_maps_both_endpoints() {
    let record = record_of("Feb  3 08:10:00 bastion01 sshd[40100]: Connection from 198.51.100.60 port 52000 on 10.20.0.5 port 22");
    assert_eq!(record["src_endpoint"]["ip"], "198.51.100.60");
    assert_eq!(record["dst_endpoint"]["ip"], "10.20.0.5");
    assert_eq!(record["dst_endpoint"]["port"], 22);
    assert_eq!(record["dst_endpoint"]["hostname"], "bastion01");
    assert_eq!(record["app_name"], "sshd");

    let record = record_of("Received disconnect from 198.51.100.71 port 52109:11: disconnected by user");
    assert_eq!(record["status_code"], "11");
    assert_eq!(record["status_detail"], "disconnected by user");
}

#[test]
fn repeated_message_sets_count() {
    let record = record_of("Feb  3 08:30:00 bastion01 sshd[40700]: message repeated 3 times: [ Failed password for root from 203.0.113.94 port 60200 ssh2]");
    assert_eq!(record["count"], 3);
    assert_eq!(record["user"]["name"], "root");
}

#[test]
fn account_and_group_changes_map_their_objects() {
    let record = record_of("Feb  3 09:00:00 bastion01 useradd[41000]: new user: name=svc-report, UID=1105, GID=1105, home=/home/svc-report, shell=/bin/bash, from=/dev/pts/2");
    assert_eq!(record["user"]["name"], "svc-report");
    assert_eq!(record["user"]["uid"], "1105");

    let record = record_of("Feb  3 09:06:01 bastion01 passwd[41021]: password for 'maria' changed by 'root'");
    assert_eq!(record["user"]["name"], "maria");
    assert_eq!(record["actor"]["user"]["name"], "root");

    let record = record_of("Feb  3 09:09:00 bastion01 usermod[41050]: add 'maria' to group 'sudo'");
    assert_eq!(record["group"]["name"], "sudo");
    assert_eq!(record["user"]["name"], "maria");

    let record = record_of("Feb  3 09:08:00 bastion01 groupadd[41040]: new group: name=reporting, GID=1106");
    assert_eq!(record["group"]["uid"], "1106");
}

#[test]
fn pam_caller_ids_are_not_the_user() {
    let record = record_of("pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.90  user=maria");
    assert_eq!(record["user"]["name"], "maria");
    assert_eq!(record["user"].get("uid"), None);
    assert_eq!(record["unmapped"]["caller_uid"], 0);
}

#[test]
fn untimed_line_needs_a_received_time() {
    let parsed = testing::parse_ok(&LinuxAuth, " Invalid user guest from 198.51.100.4 port 48792");
    let err = LinuxAuth.to_ocsf(&parsed, &ParseOptions::default()).unwrap_err();
    assert!(err.reason.contains("received time"), "{err}");
}

#[test]
fn malformed_lines_are_rejected() {
    let cases: &[(&str, &str)] = &[
        ("empty", ""),
        ("blank", "   "),
        ("unknown bare message", "the quick brown fox"),
        ("program outside auth.log", "Feb  3 08:00:00 web01 kernel: [ 12.345678] usb 1-1: new high-speed USB device"),
        ("nginx line", "Feb  3 08:00:00 web01 nginx[900]: 10.0.0.1 - - GET / 200"),
        ("bare text with a colon", "something: happened here"),
        ("unclosed priority", "<38 Feb  3 08:00:00 bastion01 sshd[1]: Accepted password for a from 192.0.2.1 port 1 ssh2"),
    ];
    for (intent, line) in cases {
        assert!(LinuxAuth.parse_line(line, &mut ParseState::default()).is_err(), "{intent} was accepted: {line:?}");
    }
}

#[test]
fn lines_of_a_file_parse_together() {
    let text = "Feb  3 08:10:00 bastion01 sshd[40100]: Connection from 198.51.100.60 port 52000 on 10.20.0.5 port 22\n\
                Feb  3 08:10:01 bastion01 sshd[40100]: Accepted password for maria from 198.51.100.60 port 52000 ssh2\n\
                Feb  3 08:10:01 bastion01 sshd[40100]: pam_unix(sshd:session): session opened for user maria(uid=1004) by (uid=0)\n\
                Feb  3 08:10:01 bastion01 systemd-logind[812]: New session 7 of user maria.\n\
                Feb  3 08:12:00 bastion01 sshd[40100]: Received disconnect from 198.51.100.60 port 52000:11: disconnected by user\n\
                Feb  3 08:12:00 bastion01 sshd[40100]: Disconnected from user maria 198.51.100.60 port 52000\n\
                Feb  3 08:12:00 bastion01 sshd[40100]: pam_unix(sshd:session): session closed for user maria\n\
                Feb  3 08:12:00 bastion01 systemd-logind[812]: Session 7 logged out. Waiting for processes to exit.\n";
    let records = testing::assert_parses(META.id, text);
    let classes: Vec<u64> = records.iter().filter_map(|r| r.ocsf["class_uid"].as_u64()).collect();
    assert_eq!(classes, [4007, 3002, 3002, 3002, 4007, 4007, 3002, 3002]);
}

#[test]
fn corpus_samples_parse() {
    let samples = testing::sekoia_samples("OpenSSH/openssh");
    if samples.is_empty() {
        println!("corpus absent; skipped");
        return;
    }
    let (passed, total) = testing::corpus_pass_rate(META.id, &samples);
    // Every OpenSSH sample is an auth.log message, so every one must read.
    assert_eq!(passed, total);
}

#[test]
fn utc_offset_shifts_bsd_header_only() {
    let bsd = "<38>Feb  3 08:14:22 bastion01 sshd[40211]: Accepted password for maria from 198.51.100.23 port 50412 ssh2";
    let wall_clock = Timestamp::from_civil(crate::generate::DEFAULT_START_YEAR, 2, 3, 8, 14, 22, 0).millis();
    assert_eq!(testing::time_at_offset(META.id, bsd, 0), wall_clock);
    assert_eq!(testing::time_at_offset(META.id, bsd, 120), wall_clock - 2 * 3600 * 1000);
    assert_eq!(testing::time_at_offset(META.id, bsd, -120), wall_clock + 2 * 3600 * 1000);

    let zoned = "2026-02-03T08:14:22.000+01:00 bastion01 sshd[40211]: Accepted password for maria from 198.51.100.23 port 50412 ssh2";
    let instant = Timestamp::from_civil(2026, 2, 3, 7, 14, 22, 0).millis();
    assert_eq!(testing::time_at_offset(META.id, zoned, 0), instant);
    assert_eq!(testing::time_at_offset(META.id, zoned, 120), instant);
}

#[test]
fn small_world_logs_from_unix_hosts() {
    use crate::generate::{GenerateRequest, Generator};
    use crate::world::{World, WorldConfig};

    // Two servers are the two Windows domain controllers, so no Linux server exists.
    let config = WorldConfig {
        users: 40,
        servers: 2,
        ..WorldConfig::default()
    };
    let world = World::new(0, &config).unwrap();
    let unix: Vec<&str> = world.hosts.iter().filter(|host| !host.windows).map(|host| host.hostname.as_str()).collect();
    assert!(!unix.is_empty(), "the world has no macOS workstation to test with");

    let request = GenerateRequest {
        world: config,
        ..GenerateRequest::new("linux_auth", 50)
    };
    for event in Generator::new(&request).unwrap() {
        let record = crate::parse::parse_event("linux_auth", &event.raw, ParseOptions::default()).unwrap();
        let host = record.ocsf["device"]["hostname"].as_str().unwrap_or_default().to_string();
        assert!(unix.contains(&host.as_str()), "{host} is a Windows host: {}", event.raw);
    }
}

#[test]
fn session_uid_follows_user() {
    use crate::generate::{GenerateRequest, Generator};
    use crate::world::World;

    let world = World::new(0, &crate::world::WorldConfig::default()).unwrap();
    let user = &world.users[7];
    let request = GenerateRequest {
        variant: Some("session_opened".to_string()),
        overrides: vec![("user".to_string(), user.username.clone())],
        ..GenerateRequest::new("linux_auth", 400)
    };
    // Every event is a login of the named user, with that user's uid, even the events that
    // would have been root's cron jobs without the override.
    let expected = format!("session opened for user {}(uid={}) by (uid=0)", user.username, FIRST_USER_UID + 7);
    for event in Generator::new(&request).unwrap() {
        assert!(event.raw.contains(" sshd["), "{}", event.raw);
        assert!(event.raw.ends_with(&expected), "{}", event.raw);
    }

    // Without an override, each user has one uid in every event.
    let request = GenerateRequest {
        variant: Some("session_opened".to_string()),
        ..GenerateRequest::new("linux_auth", 400)
    };
    let mut uids = std::collections::HashMap::new();
    for event in Generator::new(&request).unwrap() {
        let record = crate::parse::parse_event("linux_auth", &event.raw, ParseOptions::default()).unwrap();
        let name = record.parsed.fields.get_str("user").unwrap().to_string();
        let uid = record.parsed.fields.get("uid").and_then(Value::as_i64).unwrap();
        assert_eq!(*uids.entry(name.clone()).or_insert(uid), uid, "{name}");
    }
    assert!(uids.len() > 10);
}

/// Returns the host, user and PID of a generated sshd line.
fn login_of(fields: &crate::fields::Fields) -> (String, String, String) {
    let value = |name: &str| fields.get(name).unwrap_or_default().to_string();
    (value("hostname"), value("user"), value("pid"))
}

#[test]
fn sshd_login_lines_share_pid() {
    use crate::generate::{GenerateRequest, Generator};

    let mut generator = Generator::new(&GenerateRequest::new("linux_auth", 20_000)).unwrap();
    let mut raw = String::new();
    // Each event's variant name and, for sshd lines, its host, user and PID.
    let mut events = Vec::new();
    while let Some((_, variant)) = generator.next_raw(&mut raw) {
        let sshd = generator.fields().get("app_name") == Some("sshd");
        events.push((VARIANTS[variant].name, sshd.then(|| login_of(generator.fields())), raw.clone()));
    }

    // A session opened line follows the Accepted line of its login.
    let mut pairs = 0;
    for window in events.windows(2) {
        let [(accepted, Some(login), accepted_raw), ("session_opened", Some(session), session_raw)] = window else {
            continue;
        };
        if accepted.starts_with("ssh_accepted_") {
            assert_eq!(login, session, "{accepted_raw}\n{session_raw}");
            pairs += 1;
        }
    }
    assert!(pairs > 500, "only {pairs} logins with both lines");

    // A session closed line closes one of the logins accepted shortly before it.
    let mut closed = 0;
    let mut matched = 0;
    for (index, (variant, login, _)) in events.iter().enumerate() {
        let (Some(login), "session_closed") = (login, *variant) else {
            continue;
        };
        closed += 1;
        let earlier = &events[index.saturating_sub(65)..index.saturating_sub(1)];
        if earlier.iter().any(|(other, other_login, _)| other.starts_with("ssh_accepted_") && other_login.as_ref() == Some(login)) {
            matched += 1;
        }
    }
    // About half of the events are Accepted lines, so about half of the closed logins have
    // their Accepted line in the stream. Unrelated lines would match almost never.
    assert!(matched * 3 > closed, "{matched} of {closed} session closed lines match an Accepted line");
}

#[test]
fn file_form_has_no_priority() {
    use crate::generate::{GenerateRequest, Generator};

    for (relayed, file) in VARIANTS[..RELAYED_COUNT].iter().zip(&VARIANTS[RELAYED_COUNT..]) {
        assert_eq!(file.name, format!("{FILE_PREFIX}{}", relayed.name));
        let request = |variant: &str| GenerateRequest {
            variant: Some(variant.to_string()),
            ..GenerateRequest::new("linux_auth", 50)
        };
        let relayed_events = Generator::new(&request(relayed.name)).unwrap();
        let file_events = Generator::new(&request(file.name)).unwrap();
        for (relayed_event, file_event) in relayed_events.zip(file_events) {
            // The same event, without the `<PRI>` that a relay adds.
            let (priority, rest) = relayed_event.raw.split_once('>').unwrap();
            assert!(priority.starts_with('<'), "{}", relayed_event.raw);
            assert_eq!(file_event.raw, rest);

            let options = ParseOptions::default();
            let relayed_record = crate::parse::parse_event("linux_auth", &relayed_event.raw, options).unwrap();
            let file_record = crate::parse::parse_event("linux_auth", &file_event.raw, options).unwrap();
            assert_eq!(file_record.parsed.variant, Some(file.name), "{}", file_event.raw);
            let mut file_ocsf = file_record.ocsf.into_map();
            let mut relayed_ocsf = relayed_record.ocsf.into_map();
            file_ocsf.remove("raw_data");
            relayed_ocsf.remove("raw_data");
            assert_eq!(file_ocsf, relayed_ocsf, "{}", file_event.raw);
        }
    }

    // The alias writes a whole log in the file form.
    let events: Vec<_> = Generator::new(&GenerateRequest::new("linux_auth_file", 400)).unwrap().collect();
    assert!(events.iter().all(|event| event.variant.starts_with(FILE_PREFIX)));
    assert!(events.iter().all(|event| !event.raw.starts_with('<')));
}

#[test]
fn file_alias_has_the_relayed_mix() {
    use crate::generate::{GenerateRequest, Generator};

    let relayed: Vec<_> = Generator::new(&GenerateRequest::new("linux_auth", 5000)).unwrap().collect();
    let file: Vec<_> = Generator::new(&GenerateRequest::new("linux_auth_file", 5000)).unwrap().collect();
    let count = |events: &[crate::event::Event], name: &str| events.iter().filter(|event| event.variant == name).count();
    for variant in &VARIANTS[..RELAYED_COUNT] {
        let file_name = format!("{FILE_PREFIX}{}", variant.name);
        assert_eq!(count(&file, &file_name), count(&relayed, variant.name), "{file_name}");
    }

    // Both ids draw from one stream with the same weights, so event N of the alias is event N
    // of `linux_auth` without the priority.
    for (relayed_event, file_event) in relayed.iter().zip(&file) {
        let (_, rest) = relayed_event.raw.split_once('>').unwrap();
        assert_eq!(file_event.raw, rest);
    }
}

#[test]
fn session_closed_lines_close_distinct_logins() {
    use crate::generate::{GenerateRequest, Generator};

    let mut generator = Generator::new(&GenerateRequest::new("linux_auth", 20_000)).unwrap();
    let mut raw = String::new();
    // The line that closed each login, by the login's host, user and PID.
    let mut closed = std::collections::HashMap::new();
    while let Some((_, variant)) = generator.next_raw(&mut raw) {
        let fields = generator.fields();
        if VARIANTS[variant].name != "session_closed" || fields.get("pam_service") != Some("sshd") {
            continue;
        }
        if let Some(earlier) = closed.insert(login_of(fields), raw.clone()) {
            panic!("one login is closed twice:\n{earlier}\n{raw}");
        }
    }
    assert!(closed.len() > 1000, "only {} session closed lines", closed.len());
}

#[test]
fn close_slots_are_distinct_and_recent() {
    let world = World::new(7, &crate::world::WorldConfig::default()).unwrap();
    let mut slots = std::collections::HashSet::new();
    for index in 0..5000 {
        let slot = closed_login_slot(&world, index);
        let index = index as i64;
        assert!((index - 64..=index - 2).contains(&slot), "event {index} closes slot {slot}");
        assert!(slots.insert(slot), "slot {slot} is closed twice");
    }
}
