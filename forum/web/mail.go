package web

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/chorus-forum/chorus/forum"
)

// MailComposer writes Chorus's mails in the recipient's language, from the
// same catalogs as the pages. It implements forum.Composer.
type MailComposer struct {
	cats    Catalogs
	baseURL string
	html    *template.Template
}

// NewMailComposer returns a composer for the app's catalogs; baseURL is
// the forum's public address for the links.
func (a *App) NewMailComposer(baseURL string) *MailComposer {
	return &MailComposer{cats: a.cats, baseURL: strings.TrimSuffix(baseURL, "/"), html: mailHTML}
}

var mailHTML = template.Must(template.New("mail").Parse(`<!doctype html>
<html lang="{{.Lang}}"><body>
<p>{{.Hello}}</p>
<ul>{{range .Lines}}<li><a href="{{.URL}}">{{.Text}}</a>{{if .Reason}}<br>{{.Reason}}{{end}}</li>{{end}}</ul>
<p><small><a href="{{.Settings}}">{{.SettingsText}}</a> · <a href="{{.Unsubscribe}}">{{.UnsubscribeText}}</a></small></p>
</body></html>`))

type mailLine struct{ URL, Text, Reason string }

// Compose writes one notification's mail, or the digest of several.
func (m *MailComposer) Compose(to *forum.User, ns []forum.Notification, unsubscribeURL string) (forum.Mail, error) {
	lang := to.Language
	if lang == "" {
		lang = Languages[0]
	}
	l := m.cats.For(lang)
	var lines []mailLine
	var text strings.Builder
	hello := l.T("mail.hello", to.Username)
	text.WriteString(hello + "\n\n")
	for _, n := range ns {
		line := mailLine{URL: m.baseURL + notificationURL(n), Text: notificationText(l, n)}
		if n.Reason != "" {
			line.Reason = l.T("notifications.reason") + " " + n.Reason
		}
		lines = append(lines, line)
		text.WriteString("- " + line.Text + "\n  " + line.URL + "\n")
		if line.Reason != "" {
			text.WriteString("  " + line.Reason + "\n")
		}
	}
	settings := m.baseURL + "/settings/email"
	text.WriteString("\n-- \n" + l.T("mail.settings") + ": " + settings + "\n" + l.T("mail.unsubscribe") + ": " + unsubscribeURL + "\n")
	subject := lines[0].Text
	if len(ns) > 1 {
		subject = l.N("mail.digest_subject", len(ns))
	}
	var html bytes.Buffer
	if err := m.html.Execute(&html, map[string]any{
		"Lang": lang, "Hello": hello, "Lines": lines, "Settings": settings, "SettingsText": l.T("mail.settings"),
		"Unsubscribe": unsubscribeURL, "UnsubscribeText": l.T("mail.unsubscribe"),
	}); err != nil {
		return forum.Mail{}, forum.Internalf("mail template: %w", err)
	}
	return forum.Mail{UserID: to.ID, To: to.Email, Subject: l.T("site.name") + ": " + subject,
		Text: text.String(), HTML: html.String(), UnsubscribeURL: unsubscribeURL}, nil
}
