"""The `smtp_server` fixture other tests read mail from is a real SMTP server on loopback."""

from django.core.mail import send_mail


def test_mail_sent_by_django_arrives_at_the_loopback_server(smtp_server):
    send_mail("Welkom", "Hallo Anna", "netweave@localhost", ["anna@example.org"])
    (message,) = smtp_server.messages
    assert message["Subject"] == "Welkom"
    assert message["To"] == "anna@example.org"
    assert message.get_content().strip() == "Hallo Anna"
