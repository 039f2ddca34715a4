package demo

// The demo community that `chorus serve --demo` seeds: Nordlicht Telekom, a
// fictional internet, phone and TV provider with German- and English-speaking
// customers. Everything here is invented; links point to example.com.

type demoUser struct {
	Username string
	Role     string // "member", "moderator", "staff", "admin"
	Language string // "de", "en" or ""
}

type demoCategory struct {
	Slug, Name, Description string
	ResponseTargetHours     int
}

type demoThread struct {
	Category string   // a category slug
	Author   string   // a username from users
	HoursAgo float64  // when the question was posted, hours before now (between 1 and 24*60)
	Title    string   // 15..150 characters
	Body     string   // Markdown, 20..3000 characters
	Tags     []string // 0..5 tags, each 2..30 chars, lowercase letters/digits/hyphens (umlauts ok)
	MeToo    []string // usernames (never the Author) who say "me too"
	Answers  []demoAnswer
	Accepted int // 1-based index into Answers of the accepted answer, 0 for none
}

type demoAnswer struct {
	Author     string
	HoursAfter float64  // hours after the question (must keep the answer in the past: HoursAfter < HoursAgo)
	Body       string   // Markdown, 20..3000 characters
	Up, Down   []string // usernames who vote up/down (never the answer's Author)
	Comments   []demoComment
}

type demoComment struct {
	Author       string
	MinutesAfter float64 // minutes after its answer
	Body         string  // 2..500 characters, may use inline Markdown
}

var users = []demoUser{
	{Username: "nordlicht-admin", Role: "admin", Language: "de"},
	{Username: "anna.support", Role: "staff", Language: "de"},
	{Username: "jonas.staff", Role: "staff", Language: "en"},
	{Username: "kabelbert", Role: "moderator", Language: "de"},
	{Username: "mike_from_kiel", Role: "moderator", Language: "en"},
	{Username: "sabine.k", Role: "member", Language: "de"},
	{Username: "tobias_m89", Role: "member", Language: "de"},
	{Username: "heike.w", Role: "member", Language: "de"},
	{Username: "fynn_zockt", Role: "member", Language: "de"},
	{Username: "gisela.h", Role: "member", Language: ""},
	{Username: "ostsee_ole", Role: "member", Language: "de"},
	{Username: "mark.o", Role: "member", Language: "en"},
	{Username: "priya_hh", Role: "member", Language: "en"},
	{Username: "lukasz.b", Role: "member", Language: ""},
	{Username: "emily.r", Role: "member", Language: "en"},
}

var categories = []demoCategory{
	{
		Slug:                "internet",
		Name:                "Internet & Glasfaser",
		Description:         "DSL, VDSL und Glasfaser: Verbindungsabbrüche, Geschwindigkeit, IPv6 und Anschaltung / drops, speed, IPv6 and fibre installation.",
		ResponseTargetHours: 12,
	},
	{
		Slug:                "mobilfunk",
		Name:                "Mobilfunk / Mobile",
		Description:         "SIM und eSIM, Roaming, Datenvolumen, VoLTE und WLAN-Call sowie Rufnummernmitnahme / SIM, roaming, data and number porting.",
		ResponseTargetHours: 24,
	},
	{
		Slug:                "router-geraete",
		Name:                "Router & Geräte",
		Description:         "Nordbox-Router, Repeater und Zubehör: Einrichtung, Firmware und WLAN / routers, repeaters, firmware and Wi-Fi.",
		ResponseTargetHours: 8,
	},
	{
		Slug:                "rechnung-vertrag",
		Name:                "Rechnung & Vertrag / Billing",
		Description:         "Fragen zu Rechnung, Tarifwechsel, Umzug und Kündigung / questions about invoices, plan changes, moving and cancellation.",
		ResponseTargetHours: 48,
	},
	{
		Slug:                "tv-streaming",
		Name:                "TV & Streaming",
		Description:         "Nordlicht TV, TV-Box, Aufnahmen und die TV-App / Nordlicht TV, the TV box, recordings and the TV app.",
		ResponseTargetHours: 24,
	},
}

var threads = []demoThread{
	{
		Category: "router-geraete",
		Author:   "sabine.k",
		HoursAgo: 9.5,
		Title:    "WLAN bricht nach Update auf 7.58 ständig ab (Nordbox 5)",
		Body: `Hallo zusammen,

meine Nordbox 5 hat sich heute Nacht automatisch auf **Firmware 7.58** aktualisiert. Seitdem fliegen Laptop und Handys alle paar Minuten aus dem WLAN. Das 2,4-GHz-Netz läuft stabil, aber im **5-GHz-Netz** ist an Videokonferenzen nicht zu denken.

Das steht im Ereignisprotokoll:

` + "```" + `
03:12:41  Firmware-Update auf 7.58 erfolgreich. Neustart wird durchgeführt.
07:58:02  WLAN-Gerät hat sich abgemeldet (5 GHz): Laptop-Sabine
07:58:03  Radarsignal auf Kanal 100 erkannt, automatischer Kanalwechsel
07:58:40  5-GHz-Funknetz wird neu gestartet
08:04:17  Radarsignal auf Kanal 116 erkannt, automatischer Kanalwechsel
` + "```" + `

Was ich schon probiert habe:

- Router neu gestartet (zweimal)
- WLAN am Laptop „vergessen“ und neu verbunden
- Handy direkt neben den Router gelegt

Hat noch jemand das Problem? Kann man die alte Firmware irgendwie zurückspielen?`,
		Tags:  []string{"nordbox-5", "firmware", "wlan", "5ghz", "störung"},
		MeToo: []string{"fynn_zockt", "gisela.h", "heike.w", "ostsee_ole", "lukasz.b"},
		Answers: []demoAnswer{
			{
				Author:     "kabelbert",
				HoursAfter: 0.7,
				Body: `Das Muster im Log ist eindeutig: Die Box „sieht“ seit 7.58 ständig Radar auf den DFS-Kanälen (52–140) und muss dann das 5-GHz-Netz neu starten. Bis es einen Fix gibt, hilft bei mir und zwei Nachbarn Folgendes:

1. ` + "`http://nordbox.local`" + ` öffnen und anmelden
2. **WLAN → Funkkanal** aufrufen
3. „Funkkanal automatisch setzen“ **ausschalten**
4. Für 5 GHz einen Kanal **zwischen 36 und 48** wählen (das sind keine DFS-Kanäle), z. B. ` + "`36`" + `
5. Übernehmen – das WLAN startet einmal kurz neu

Ein Downgrade auf 7.57 geht übrigens nicht über die Oberfläche, die Box lehnt ältere Images ab.`,
				Up: []string{"sabine.k", "fynn_zockt", "heike.w", "mike_from_kiel"},
				Comments: []demoComment{
					{Author: "sabine.k", MinutesAfter: 35, Body: "Kanal 36 fest eingestellt – seit einer Stunde kein einziger Abbruch. Danke!"},
					{Author: "gisela.h", MinutesAfter: 90, Body: "Wo finde ich denn diesen Funkkanal? Bei mir sieht das Menü anders aus."},
					{Author: "kabelbert", MinutesAfter: 104, Body: "@gisela.h Unter **WLAN → Funkkanal** ganz unten auf „Weitere Einstellungen“ klicken, dann erscheint die Kanalauswahl."},
				},
			},
			{
				Author:     "anna.support",
				HoursAfter: 2.4,
				Body: `Hallo zusammen,

danke für eure Meldungen – wir können das Problem bestätigen. Betroffen ist die **Nordbox 5 mit Firmware 7.58**, wenn das 5-GHz-Netz auf einem DFS-Kanal läuft. Die Radarerkennung löst in dieser Version deutlich zu empfindlich aus.

Aktueller Stand:

- Die automatische Verteilung von 7.58 ist **gestoppt**.
- Eine korrigierte Version **7.59** ist in der Testphase, wir rechnen mit der Auslieferung in den nächsten Tagen.
- Bis dahin ist der Workaround von @kabelbert (fester Kanal 36–48) die beste Lösung.

Den aktuellen Stand findet ihr auch auf unserer Störungsseite: https://example.com/status/nordbox-5-wlan

Wir melden uns hier, sobald das Update verfügbar ist.

Viele Grüße, Anna`,
				Up: []string{"sabine.k", "tobias_m89", "priya_hh", "kabelbert", "gisela.h", "nordlicht-admin"},
				Comments: []demoComment{
					{Author: "ostsee_ole", MinutesAfter: 20, Body: "Danke für die schnelle Rückmeldung! Kommt 7.59 automatisch oder muss man das selbst anstoßen?"},
					{Author: "anna.support", MinutesAfter: 32, Body: "@ostsee_ole Es kommt automatisch, sofern „Automatische Updates“ aktiv ist (Standard). Ihr könnt es aber auch manuell unter **System → Update** anstoßen."},
				},
			},
		},
	},
	{
		Category: "router-geraete",
		Author:   "priya_hh",
		HoursAgo: 6.2,
		Title:    "5 GHz Wi-Fi keeps dropping since last night's router update",
		Body: `Hi all,

since last night my Nordbox 5 shows firmware **7.58**, and my laptop loses the 5 GHz network every 5–10 minutes. It reconnects after about 30 seconds, but that kills every video call. My phone does the same. The 2.4 GHz network seems fine but it's much slower.

I work from home, so this is pretty urgent. Is this a known issue or is my router dying?`,
		Tags:  []string{"nordbox-5", "wifi", "firmware", "5ghz"},
		MeToo: []string{"mark.o", "emily.r", "lukasz.b"},
		Answers: []demoAnswer{
			{
				Author:     "jonas.staff",
				HoursAfter: 1.1,
				Body: `Hi Priya,

your router is fine – this is a known issue with firmware 7.58 on the Nordbox 5, and we're already working on a fix (version 7.59). The German thread has all the details, and our status page is kept up to date: https://example.com/status/nordbox-5-wlan

**Workaround until the update arrives:**

1. Open ` + "`http://nordbox.local`" + ` and log in
2. Go to **Wi-Fi → Radio Channel**
3. Turn off *Set radio channel automatically*
4. Set the 5 GHz channel to **36, 40, 44 or 48**
5. Click *Apply*

These channels don't use radar detection, which is what triggers the drops. Sorry for the trouble!

Best, Jonas`,
				Up: []string{"priya_hh", "mark.o", "emily.r", "mike_from_kiel"},
				Comments: []demoComment{
					{Author: "priya_hh", MinutesAfter: 40, Body: "Channel 44 did the trick, no drops for the last hour. Thanks Jonas!"},
					{Author: "mark.o", MinutesAfter: 55, Body: "Same here. Would be nice if the router told you *why* it drops instead of hiding it in the event log, though."},
				},
			},
		},
		Accepted: 1,
	},
	{
		Category: "router-geraete",
		Author:   "gisela.h",
		HoursAgo: 4.1,
		Title:    "Internet auf dem Tablet geht seit heute Morgen immer wieder weg",
		Body: `Guten Tag,

ich bin nicht so bewandert mit Technik. Seit heute Morgen geht auf meinem Tablet immer wieder das Internet weg. Dann steht da „Keine Internetverbindung“, und nach einer Weile geht es wieder. Mein Enkel hat nichts verstellt, er war gar nicht da.

Am Router leuchten alle Lampen grün. Muss ich jemanden anrufen oder liegt das bei Ihnen?

Mit freundlichen Grüßen
Gisela H.`,
		Tags:  []string{"tablet", "wlan"},
		MeToo: []string{"heike.w", "ostsee_ole"},
		Answers: []demoAnswer{
			{
				Author:     "fynn_zockt",
				HoursAfter: 1.3,
				Body: `Hallo Gisela, das liegt sehr wahrscheinlich nicht an Ihnen! Heute Nacht kam ein Router-Update, das bei vielen das WLAN stört. Im Thema „WLAN bricht nach Update auf 7.58 ständig ab“ hier im Forum steht, was hilft.

Falls Ihnen das zu kompliziert ist: Der Support hat geschrieben, dass bald automatisch eine reparierte Version kommt. Bis dahin können Sie sich mit dem anderen WLAN verbinden – wenn Ihr Tablet zwei WLAN-Namen anzeigt, nehmen Sie den **ohne „5G“** am Ende.`,
				Up: []string{"gisela.h", "kabelbert"},
				Comments: []demoComment{
					{Author: "gisela.h", MinutesAfter: 60, Body: "Vielen Dank, junger Mann! Ich habe das andere WLAN gewählt, jetzt geht es."},
				},
			},
		},
	},
	{
		Category: "router-geraete",
		Author:   "lukasz.b",
		HoursAgo: 2.6,
		Title:    "Nordbox 5 on 7.58: clients kicked off 5 GHz every few minutes, 2.4 GHz fine",
		Body: `Running a Nordbox 5, updated overnight to 7.58. Since then all 5 GHz clients (two laptops, two phones, a tablet) get disconnected every 3–8 minutes. I had a wired machine pinging the router the whole time and it never lost a packet, so it's purely the radio.

Excerpt from ` + "`Event log → Wi-Fi`" + `:

` + "```" + `
09:14:52 Wi-Fi 5 GHz: radar detected on channel 112, switching to channel 36
09:14:52 Wi-Fi 5 GHz: station 6a:2f:..:91 deauthenticated (reason 3)
09:15:49 Wi-Fi 5 GHz: channel availability check finished, returning to channel 112
09:21:07 Wi-Fi 5 GHz: radar detected on channel 112, switching to channel 36
` + "```" + `

It jumps back to 112 after less than a minute, which shouldn't even happen after a radar hit (the non-occupancy period is 30 minutes). Looks like a DFS bug in 7.58.

Is there a way to get 7.57 back, or a beta of the fix?`,
		Tags:  []string{"nordbox-5", "firmware", "dfs", "5ghz"},
		MeToo: []string{"mark.o", "priya_hh", "mike_from_kiel"},
	},
	{
		Category: "router-geraete",
		Author:   "tobias_m89",
		HoursAgo: 1.4,
		Title:    "Nordbox 5: Videocalls im Homeoffice brechen ständig ab – Update zurückrollen?",
		Body: `Moin,

seit dem Update heute Nacht fliegt mein Arbeitslaptop gefühlt jede Viertelstunde aus dem WLAN, natürlich mitten in Meetings. Per LAN-Kabel läuft alles sauber, aber ich sitze zwei Stockwerke über dem Router.

Zwei Fragen:

1. Kann ich die Firmware **selbst** auf die vorherige Version zurücksetzen?
2. Bekomme ich eine Gutschrift, wenn das noch tagelang so weitergeht?

Die Störungsseite sagt „Fix in Vorbereitung“, aber ohne Datum hilft mir das wenig.`,
		Tags:  []string{"nordbox-5", "homeoffice", "firmware", "gutschrift"},
		MeToo: []string{"heike.w", "fynn_zockt"},
	},
	// Two more reports of the firmware 7.58 problem, from people who did
	// not find the others: with them the staff's clusters page shows the
	// burst as a widespread problem, not yet a known issue.
	{
		Category: "router-geraete",
		Author:   "ostsee_ole",
		HoursAgo: 1.2,
		Title:    "Nordbox 5 WLAN ständig weg seit Firmware 7.58",
		Body:     "Seit dem automatischen Update auf 7.58 verliert mein Handy alle paar Minuten das WLAN der Nordbox 5. Neustart der Box hilft nicht, per Kabel ist alles stabil. Liegt das am Update?",
		Tags:     []string{"nordbox-5", "wlan", "firmware"},
		MeToo:    []string{"mark.o"},
	},
	{
		Category: "router-geraete",
		Author:   "priya_hh",
		HoursAgo: 1.0,
		Title:    "Wi-Fi drops every few minutes after Nordbox 5 firmware update",
		Body:     "My Nordbox 5 updated itself to firmware 7.58 overnight and since then the Wi-Fi drops every few minutes on every device. Ethernet is fine. Is anyone else seeing this?",
		Tags:     []string{"nordbox-5", "wifi", "firmware"},
	},
	{
		Category: "internet",
		Author:   "heike.w",
		HoursAgo: 310,
		Title:    "VDSL-Sync bricht jeden Abend zwischen 19 und 22 Uhr ab",
		Body: `Hallo,

seit etwa zwei Wochen verliert mein Anschluss (VDSL 100) fast jeden Abend die Synchronisation, meistens zwischen 19 und 22 Uhr. Tagsüber läuft alles stabil. Die DSL-Lampe blinkt dann ein bis zwei Minuten, danach ist die Verbindung wieder da – aber oft nur mit 60 statt 100 Mbit/s.

Aus der DSL-Übersicht der Nordbox:

` + "```" + `
Leitungsdaten          Empfang    Senden
Datenrate (kbit/s)     63.412     31.870
Störabstandsmarge      2 dB       7 dB
Leitungsdämpfung       18 dB      14 dB
CRC-Fehler (15 min)    1.284      3
Resyncs heute          6
` + "```" + `

Den Router habe ich schon getauscht, das Kabel ist das mitgelieferte. Kann das an der Leitung liegen?`,
		Tags: []string{"vdsl", "sync", "abbruch", "leitung"},
		Answers: []demoAnswer{
			{
				Author:     "kabelbert",
				HoursAfter: 2,
				Body: `Eine Störabstandsmarge von **2 dB** im Download ist viel zu wenig – normal wären 6 dB oder mehr. Dass es nur abends passiert, spricht für eine Einstreuung (z. B. ein Gerät in der Nachbarschaft, das abends läuft) oder eine schlechte Stelle in der Hausverkabelung.

Bevor der Support misst, prüf bitte noch:

- Hängt die Nordbox **direkt** an der ersten TAE-Dose? Keine Verlängerung, kein alter Splitter?
- Gibt es weitere Dosen in der Wohnung, die parallel angeschlossen sind?
- Liegen Netzteile oder eine LED-Lichterkette direkt am DSL-Kabel?`,
				Up: []string{"heike.w", "fynn_zockt"},
				Comments: []demoComment{
					{Author: "heike.w", MinutesAfter: 45, Body: "Direkt an der ersten Dose, keine Verlängerung. Eine zweite Dose im Flur gibt es, die ist aber unbelegt."},
				},
			},
			{
				Author:     "anna.support",
				HoursAfter: 5.5,
				Body: `Hallo Heike,

danke für die ausführlichen Werte – das hat die Fehlersuche sehr erleichtert. Ich habe eine Leitungsmessung durchgeführt und sehe ebenfalls die abendlichen Einbrüche der Störabstandsmarge. Zusätzlich meldet die Messung eine **Unsymmetrie** auf dem Abschnitt zwischen Kabelverzweiger und Hausanschluss.

Ich habe daher einen **Technikertermin** beauftragt. Die Kollegen melden sich innerhalb von zwei Werktagen telefonisch bei dir, um einen Termin abzustimmen. Bis dahin habe ich das Leitungsprofil auf *stabil* umgestellt: Du bekommst etwas weniger Geschwindigkeit, dafür sollten die Abbrüche deutlich seltener sein.

Zum Hinweis von @kabelbert: Die unbelegte Dose im Flur kann tatsächlich eine Rolle spielen. Der Techniker schaut sie sich mit an.

Viele Grüße, Anna`,
				Up: []string{"heike.w", "kabelbert", "sabine.k"},
				Comments: []demoComment{
					{Author: "heike.w", MinutesAfter: 7200, Body: "Kurzes Update: Der Techniker war da, die Flurdose war falsch verdrahtet und hat wie eine Antenne gewirkt. Seit zwei Tagen kein einziger Abbruch mehr. Danke euch!"},
				},
			},
		},
		Accepted: 2,
	},
	{
		Category: "internet",
		Author:   "mark.o",
		HoursAgo: 820,
		Title:    "Fibre installation appointment – technician never showed up",
		Body: `I had a confirmed appointment for my fibre installation yesterday between 8:00 and 12:00. I took the day off work, waited until 14:00 and nobody came. No call, no email. The hotline told me they "can't see the reason" and that I should wait for a new appointment letter.

My old DSL contract ends on the **30th**, so I'm worried I'll end up without internet at all. The order number is in my account (not posting it here).

Could someone from Nordlicht please look into this?`,
		Tags: []string{"fibre", "installation", "appointment"},
		Answers: []demoAnswer{
			{
				Author:     "jonas.staff",
				HoursAfter: 18.5,
				Body: `Hi Mark,

I'm really sorry about this – that's not how it should go. I've looked at your order: the installation team had to cancel at short notice because the fibre splice point in your street wasn't finished yet, and the notification to you unfortunately got stuck.

What I've done:

- Booked a **new appointment** for next Tuesday, 8:00–12:00 (the confirmation email is on its way)
- Flagged the order so the team **calls you the evening before**
- Made sure your **DSL line stays active** until the fibre connection is live, even past the 30th, at no extra cost
- Added a **€25 credit** for the lost day to your next bill

If anything changes, just reply here or send me a private message.

Best, Jonas`,
				Up: []string{"mark.o", "mike_from_kiel", "priya_hh"},
				Comments: []demoComment{
					{Author: "mark.o", MinutesAfter: 90, Body: "Got the email. Thanks Jonas, that's a lot more than I expected."},
					{Author: "mark.o", MinutesAfter: 10080, Body: "They came on Tuesday, all done in two hours. 500 Mbit/s over the cable. Marking this as solved."},
				},
			},
		},
		Accepted: 1,
	},
	{
		Category: "internet",
		Author:   "fynn_zockt",
		HoursAgo: 150,
		Title:    "Portfreigabe für Gameserver funktioniert nicht – liegt das an DS-Lite?",
		Body: `Hi,

ich will für meine Freunde einen kleinen Gameserver auf meinem PC hosten und habe in der Nordbox eine Portfreigabe eingerichtet:

` + "```" + `
Gerät:     gaming-pc (192.168.178.23)
Protokoll: TCP + UDP
Port:      7777
IPv4:      aktiviert
IPv6:      aktiviert
` + "```" + `

Von außen kommt trotzdem niemand drauf. In der Übersicht steht bei der Internetverbindung „IPv4 über DS-Lite“. Ist das der Grund? Und was kann ich tun?`,
		Tags: []string{"ds-lite", "ipv6", "portfreigabe", "gaming"},
		Answers: []demoAnswer{
			{
				Author:     "kabelbert",
				HoursAfter: 3.2,
				Body: `Ja, genau das ist der Grund. Bei **DS-Lite** hast du keine eigene öffentliche IPv4-Adresse: Dein IPv4-Verkehr läuft durch einen Tunnel ins Netz von Nordlicht und teilt sich dort eine Adresse mit vielen anderen Kunden (Carrier-Grade NAT). Eingehende IPv4-Verbindungen kommen deshalb nie bei deiner Nordbox an, egal was du freigibst.

Deine Optionen:

1. **IPv6 nutzen:** Die Freigabe für IPv6 hast du ja schon. Wer selbst IPv6 hat, kann sich direkt verbinden.
2. **Dual-Stack beantragen:** Nordlicht stellt Privatkunden auf Wunsch kostenlos auf Dual-Stack mit echter IPv4-Adresse um. Das geht über den Support.
3. **Tunnel über einen gemieteten Server:** Für einen Spieleabend eher Overkill.

Die globale IPv6-Adresse deines PCs findest du unter Linux zum Beispiel so:

` + "```" + `
ip -6 addr show scope global
` + "```" + `

Für dich ist wahrscheinlich Option 2 am einfachsten.`,
				Up: []string{"fynn_zockt", "mike_from_kiel", "tobias_m89", "lukasz.b"},
				Comments: []demoComment{
					{Author: "fynn_zockt", MinutesAfter: 25, Body: "Ah, das erklärt einiges. Wie lange dauert die Umstellung auf Dual-Stack?"},
				},
			},
			{
				Author:     "anna.support",
				HoursAfter: 9,
				Body: `Hallo Fynn,

@kabelbert hat das perfekt erklärt. Ich habe deinen Anschluss soeben auf **Dual-Stack** umgestellt. Damit die Änderung greift, starte bitte die Nordbox einmal neu. Danach sollte unter *Internet → Online-Monitor* eine öffentliche IPv4-Adresse stehen, und deine Portfreigabe funktioniert.

Hinweis: Die IPv4-Adresse ist weiterhin **dynamisch**. Wenn deine Freunde dich immer unter demselben Namen erreichen sollen, richte am besten einen DynDNS-Dienst ein.

Viele Grüße, Anna`,
				Up: []string{"fynn_zockt", "kabelbert"},
				Comments: []demoComment{
					{Author: "fynn_zockt", MinutesAfter: 120, Body: "Neustart gemacht, öffentliche IPv4 ist da und der Server ist erreichbar. Danke euch beiden!"},
				},
			},
		},
		Accepted: 1,
	},
	{
		Category: "internet",
		Author:   "lukasz.b",
		HoursAgo: 1100,
		Title:    "Only getting 60 Mbit/s on a 250 Mbit/s VDSL plan",
		Body: `I upgraded to the 250 plan three weeks ago, but speed tests never go above 60–70 Mbit/s. The router says the line is synced at **248/41 Mbit/s**, so the line itself seems fine?

I've tested at different times of the day, always the same result. Any ideas before I start arguing with the hotline?`,
		Tags: []string{"vdsl", "speed", "supervectoring"},
		Answers: []demoAnswer{
			{
				Author:     "mike_from_kiel",
				HoursAfter: 1.8,
				Body: `If the Nordbox reports 248 Mbit/s sync, the line is fine and the bottleneck is almost certainly on your side. Usual suspects, in order:

1. **Wi-Fi.** Test with a cable first. Many laptops top out well below 250 Mbit/s on Wi-Fi, especially through a wall.
2. **The LAN port or cable.** Check that the router's LAN overview shows ` + "`1 Gbit/s`" + `, not ` + "`100 Mbit/s`" + `. An old or damaged cable often only negotiates 100.
3. **The test itself.** Use a proper test server; some browser-based tests struggle on older machines.

Honestly, 60–70 Mbit/s smells like Wi-Fi.`,
				Up: []string{"lukasz.b", "kabelbert", "emily.r"},
				Comments: []demoComment{
					{Author: "lukasz.b", MinutesAfter: 300, Body: "You were right. Over cable: 236 Mbit/s. My laptop's Wi-Fi card apparently only does 2.4 GHz. Feeling a bit silly now."},
					{Author: "mike_from_kiel", MinutesAfter: 320, Body: "Happens to all of us. A cheap USB adapter with 5 GHz support will make a huge difference."},
				},
			},
			{
				Author:     "jonas.staff",
				HoursAfter: 22,
				Body: `Hi Lukasz, glad it's sorted! Just for completeness: I checked your line from our side as well, and it's running the full **250 Mbit/s profile** without errors. If you ever see lower sync values, feel free to open a new thread.

Best, Jonas`,
				Up: []string{"lukasz.b"},
			},
		},
		Accepted: 1,
	},
	{
		Category: "internet",
		Author:   "ostsee_ole",
		HoursAgo: 40,
		Title:    "Glasfaser: Hausanschluss ist gelegt, aber das Modem zeigt rotes LOS-Licht",
		Body: `Moin zusammen,

bei uns wurde vor einer Woche der Glasfaser-Hausanschluss gelegt, und heute kam die Nordbox 5 Fiber mit der Post. Ich habe alles laut Anleitung angeschlossen:

- Glasfaserkabel von der Dose (GF-TA) ins Glasfasermodem (ONT)
- ONT per LAN-Kabel an die Nordbox
- beide Geräte eingeschaltet

Am ONT leuchtet **LOS dauerhaft rot**, PON ist aus. Der Freischalttermin laut Auftragsbestätigung ist übermorgen. Muss das schon jetzt gehen, oder habe ich etwas falsch gemacht?`,
		Tags: []string{"glasfaser", "ont", "anschaltung"},
		Answers: []demoAnswer{
			{
				Author:     "anna.support",
				HoursAfter: 3.5,
				Body: `Hallo Ole,

du hast alles richtig gemacht! Ein rotes **LOS** (*Loss of Signal*) bedeutet, dass am Modem noch kein Licht ankommt. Das ist vor dem Freischalttermin völlig normal: Die Faser wird erst am Tag der Freischaltung im Verteiler auf deinen Anschluss gepatcht.

Ich habe mir deinen Auftrag angesehen – die Schaltung ist für **übermorgen zwischen 8 und 16 Uhr** geplant. Lass die Geräte einfach angeschlossen. Sobald Licht ankommt, geht LOS aus, PON leuchtet grün und die Nordbox richtet sich automatisch ein.

Noch ein Tipp: Das Glasfaserkabel bitte nicht knicken und die Schutzkappen erst abziehen, wenn du es direkt einsteckst.

Viele Grüße, Anna`,
				Up: []string{"ostsee_ole", "kabelbert"},
				Comments: []demoComment{
					{Author: "ostsee_ole", MinutesAfter: 15, Body: "Super, danke für die schnelle Antwort. Dann warte ich mal geduldig."},
				},
			},
		},
	},
	{
		Category: "mobilfunk",
		Author:   "tobias_m89",
		HoursAgo: 500,
		Title:    "eSIM-Aktivierung hängt bei „Mobilfunktarif wird aktiviert“",
		Body: `Hallo,

ich habe gestern eine eSIM bestellt und heute den QR-Code per E-Mail bekommen. Beim Scannen kommt am Handy „Mobilfunktarif wird aktiviert …“, und das steht dort seit **drei Stunden**. Zwischendurch habe ich das Handy neu gestartet, danach war der Tarif ganz weg. Ein zweites Scannen bringt nur:

` + "`Dieser Code ist nicht mehr gültig.`" + `

Habe ich den Code jetzt „verbrannt“? Meine alte physische SIM ist schon deaktiviert, ich bin also gerade komplett ohne Mobilfunk.`,
		Tags: []string{"esim", "aktivierung", "qr-code"},
		Answers: []demoAnswer{
			{
				Author:     "anna.support",
				HoursAfter: 1.6,
				Body: `Hallo Tobias,

ja, leider: Ein eSIM-QR-Code lässt sich aus Sicherheitsgründen nur **einmal** herunterladen. Wird die Installation unterbrochen (z. B. durch einen Neustart), ist das Profil auf dem Gerät unvollständig und der Code verbraucht.

So geht es weiter:

1. Im Kundenportal unter **Mein Nordlicht → Mobilfunk → SIM-Karten** auf „eSIM neu anfordern“ klicken: https://example.com/mein-nordlicht/esim
2. Du bekommst innerhalb weniger Minuten einen neuen QR-Code per E-Mail.
3. Vor dem Scannen **WLAN einschalten** und das Handy während der Installation nicht sperren oder neu starten.

Die Neuanforderung ist in diesem Fall kostenlos, die Gebühr habe ich bereits storniert.

Viele Grüße, Anna`,
				Up: []string{"tobias_m89", "sabine.k"},
				Comments: []demoComment{
					{Author: "tobias_m89", MinutesAfter: 50, Body: "Hat geklappt, die eSIM ist aktiv. Danke auch für die Stornierung!"},
				},
			},
		},
		Accepted: 1,
	},
	{
		Category: "mobilfunk",
		Author:   "priya_hh",
		HoursAgo: 700,
		Title:    "Roaming in Switzerland – will I be charged extra?",
		Body: `Hi, I'm going skiing in Switzerland next month and I'm on the *Nordlicht Mobil M* plan. I know roaming inside the EU is included, but Switzerland isn't in the EU.

Do I need to book something, or will my phone just start charging me per MB? I'd rather not come home to a €300 bill.`,
		Tags: []string{"roaming", "switzerland", "mobile-data"},
		Answers: []demoAnswer{
			{
				Author:     "mike_from_kiel",
				HoursAfter: 2.5,
				Body:       "Switzerland is **not** covered by the EU roaming rules, so your normal allowance doesn't apply there automatically. When I was there last winter I got a text on arrival with the prices, and data was charged per 100 KB until I booked a travel pack. Check the app before you leave – and maybe switch off data roaming until you've sorted it.",
				Up:         []string{"priya_hh"},
			},
			{
				Author:     "jonas.staff",
				HoursAfter: 7,
				Body: `Hi Priya,

@mike_from_kiel is right: for us, Switzerland is a non-EU country (*zone 2*). Without an add-on, data is charged at **€0.49 per MB**, which adds up quickly.

Your options:

- **Travel Pass Europe+** – 2 GB for 7 days, €9.99, includes Switzerland and a few other non-EU countries
- **Travel Pass Europe+ L** – 6 GB for 14 days, €19.99

You can book both in the app or at https://example.com/roaming. Calls and texts in Switzerland are charged per minute/SMS; current prices are on the same page.

Also good to know: there's a **cost cap of €59.50** per billing month for data abroad. After that, data is blocked until you unlock it, so a €300 surprise can't happen.

Have a great trip!

Best, Jonas`,
				Up: []string{"priya_hh", "mike_from_kiel", "lukasz.b"},
				Comments: []demoComment{
					{Author: "priya_hh", MinutesAfter: 30, Body: "Perfect, booked the 14-day pack. Thanks both!"},
				},
			},
		},
		Accepted: 2,
	},
	{
		Category: "mobilfunk",
		Author:   "sabine.k",
		HoursAgo: 960,
		Title:    "Rufnummernmitnahme: Alter Anbieter bestätigt die Portierung nicht",
		Body: `Hallo,

ich möchte meine Handynummer von meinem alten Anbieter zu Nordlicht mitnehmen. Vor zehn Tagen habe ich den Vertrag mit Rufnummernmitnahme abgeschlossen. Im Kundenportal steht seitdem:

> Status Portierung: Warten auf Bestätigung des abgebenden Anbieters

Beim alten Anbieter sagt man mir am Telefon, es liege „keine Anfrage vor“. Was kann ich tun? Mein alter Vertrag läuft Ende des Monats aus, und ich will die Nummer auf keinen Fall verlieren.`,
		Tags: []string{"rufnummernmitnahme", "portierung", "vertrag"},
		Answers: []demoAnswer{
			{
				Author:     "kabelbert",
				HoursAfter: 4,
				Body: `Häufigste Ursache: Die Daten im Portierungsauftrag stimmen nicht **exakt** mit denen beim alten Anbieter überein (zweiter Vorname, alte Adresse, Zahlendreher im Geburtsdatum). Dann wird die Anfrage automatisch abgelehnt, und beim alten Anbieter taucht sie gar nicht als offene Anfrage auf. Lass dir dort die hinterlegten Daten genau bestätigen.

Wegen des Vertragsendes keine Panik: Du kannst die Nummer auch noch **bis zu einem Monat nach Vertragsende** mitnehmen.`,
				Up: []string{"sabine.k", "fynn_zockt"},
			},
			{
				Author:     "anna.support",
				HoursAfter: 26,
				Body: `Hallo Sabine,

ich habe mir deinen Auftrag angesehen: Die Anfrage wurde tatsächlich vom abgebenden Anbieter abgelehnt, Grund *Kundendaten stimmen nicht überein*. Dort ist noch deine **frühere Anschrift** hinterlegt, bei uns die neue.

Ich habe die Anfrage mit der alten Anschrift **erneut gestellt**. Die Bestätigung dauert in der Regel 1–3 Werktage, danach bekommst du den Termin für die Umschaltung per SMS. Am Umschalttag kann die Nummer für ein paar Stunden nicht erreichbar sein.

Viele Grüße, Anna`,
				Up: []string{"sabine.k", "kabelbert"},
				Comments: []demoComment{
					{Author: "sabine.k", MinutesAfter: 2880, Body: "Portierung ist bestätigt, Umschaltung am Donnerstag. Vielen Dank!"},
				},
			},
		},
		Accepted: 2,
	},
	{
		Category: "mobilfunk",
		Author:   "emily.r",
		HoursAgo: 160,
		Title:    "VoLTE and Wi-Fi calling not available on my phone",
		Body: `I moved to Germany in spring and got a Nordlicht SIM. Whenever I'm on a call, my mobile data stops working, and the call quality in my flat is terrible. A friend told me to enable VoLTE and Wi-Fi calling, but in my phone settings both switches are greyed out.

- Phone: bought in the UK last year, unlocked
- Plan: Nordlicht Mobil S
- Software is up to date

Is this something that needs to be activated on your side?`,
		Tags: []string{"volte", "wifi-calling", "wlan-call"},
		Answers: []demoAnswer{
			{
				Author:     "kabelbert",
				HoursAfter: 5,
				Body: `Two things need to be true for VoLTE and Wi-Fi calling: the feature must be enabled on your contract, **and** your phone's software must support Nordlicht's network. Phones bought abroad sometimes lack the carrier settings for German networks, so the switches stay greyed out.

First check in the portal under *Mobile → Options* whether **VoLTE / WLAN-Call** is enabled. It's free, but on some older plans it has to be switched on manually.`,
				Up: []string{"emily.r"},
				Comments: []demoComment{
					{Author: "emily.r", MinutesAfter: 60, Body: "It was switched off! I turned it on, but the toggles on the phone are still greyed out."},
					{Author: "kabelbert", MinutesAfter: 75, Body: "Give it a few hours and restart the phone. If it's still greyed out tomorrow, it's probably the carrier settings."},
				},
			},
			{
				Author:     "jonas.staff",
				HoursAfter: 28,
				Body: `Hi Emily,

thanks for the details. I checked your SIM: the option is active now and provisioned correctly on our side. Your phone model is on our list of supported devices, but **only from software version 14.2** with the German carrier settings. Please try:

1. Remove and reinsert the SIM (this triggers a carrier-settings update)
2. Check *Settings → About → Carrier settings* for an update
3. Restart the phone

If the switches are still greyed out, reply here with the exact model number and I'll check with our device team.

Best, Jonas`,
				Up: []string{"emily.r", "kabelbert"},
			},
		},
	},
	{
		Category: "mobilfunk",
		Author:   "heike.w",
		HoursAgo: 70,
		Title:    "WLAN-Call: Gespräche im Keller brechen nach ca. 10 Sekunden ab",
		Body: `Hallo,

in meinem Kellerbüro habe ich keinen Mobilfunkempfang, deshalb nutze ich WLAN-Call. Anrufe kommen auch an, aber nach **etwa 10 Sekunden** bricht die Sprachverbindung ab: Der Anrufer hört mich nicht mehr, ich höre ihn noch kurz. Im Erdgeschoss (gleiches WLAN) passiert das nicht.

Der Repeater im Keller hängt per LAN an der Nordbox. Muss ich am Router irgendwelche Ports freigeben?`,
		Tags: []string{"wlan-call", "repeater", "telefonie"},
	},
	{
		Category: "mobilfunk",
		Author:   "fynn_zockt",
		HoursAgo: 230,
		Title:    "Datenvolumen nach drei Tagen aufgebraucht – wie kann das sein?",
		Body:     "Ich habe 15 GB im Monat und komme normalerweise locker hin. Diesen Monat kam schon am **dritten Tag** die SMS, dass mein Volumen verbraucht ist. Ich war die ganze Zeit fast nur im WLAN. Kann das ein Abrechnungsfehler sein?",
		Tags:     []string{"datenvolumen", "mobilfunk"},
		Answers: []demoAnswer{
			{
				Author:     "kabelbert",
				HoursAfter: 1.5,
				Body: `Bevor du von einem Fehler ausgehst, schau mal in die Verbrauchsstatistik deines Handys (*Einstellungen → Netzwerk → Datennutzung*). Typische Kandidaten:

- **Automatische Updates oder Foto-Backups**, die auch über Mobilfunk laufen dürfen
- **WLAN-Assistent**: Viele Handys wechseln bei schwachem WLAN automatisch auf Mobilfunk, ohne dass man es merkt
- **Hotspot**, den man vergessen hat auszuschalten

Im Kundenportal siehst du außerdem den Verbrauch pro Tag. Wenn dort an einem Tag plötzlich 10 GB auftauchen, lohnt sich ein genauer Blick auf diesen Tag.`,
				Up: []string{"fynn_zockt", "sabine.k"},
				Comments: []demoComment{
					{Author: "fynn_zockt", MinutesAfter: 180, Body: "Ertappt: Die Konsole hing am Handy-Hotspot und hat ein 11-GB-Update gezogen. Peinlich."},
					{Author: "sabine.k", MinutesAfter: 200, Body: "Kenne ich, ist mir mit dem Tablet auch schon passiert."},
				},
			},
		},
	},
	{
		Category: "router-geraete",
		Author:   "ostsee_ole",
		HoursAgo: 1250,
		Title:    "Mesh-Repeater verbindet sich nicht mit der Nordbox 5",
		Body: `Hallo,

ich habe mir einen **Nordlicht Mesh-Repeater 3000** gekauft, um das WLAN im Obergeschoss zu verbessern. Laut Anleitung soll man einfach die Connect-Taste drücken, aber der Repeater blinkt nur orange und verbindet sich nie.

- Nordbox 5, Firmware 7.51
- Repeater steht zum Einrichten ca. 3 m vom Router entfernt

Was mache ich falsch?`,
		Tags: []string{"mesh", "repeater", "nordbox-5"},
		Answers: []demoAnswer{
			{
				Author:     "fynn_zockt",
				HoursAfter: 6,
				Body: `Hatte ich auch. Bei der Nordbox musst du **zuerst** am Router die Connect-Taste kurz drücken (bis die Info-LED blinkt) und **dann innerhalb von zwei Minuten** am Repeater.

Wichtig: Am Router muss unter *WLAN → Sicherheit → WPS-Schnellverbindung* die Option **aktiviert** sein – bei mir war sie nach einem Werksreset aus. Und den Repeater für die Einrichtung ruhig in den gleichen Raum stellen, erst danach an den endgültigen Platz.`,
				Up: []string{"ostsee_ole", "kabelbert"},
				Comments: []demoComment{
					{Author: "ostsee_ole", MinutesAfter: 240, Body: "WPS war tatsächlich deaktiviert. Jetzt leuchtet er grün, vielen Dank!"},
				},
			},
		},
		Accepted: 1,
	},
	{
		Category: "router-geraete",
		Author:   "emily.r",
		HoursAgo: 380,
		Title:    "How do I change the Wi-Fi password on the Nordbox?",
		Body: `Sorry if this is a basic question. My flatmate moved out and I'd like to change the Wi-Fi password. The sticker on the router only shows the current one.

Where do I change it, and will all my devices need to reconnect?`,
		Tags: []string{"wifi", "password", "nordbox"},
		Answers: []demoAnswer{
			{
				Author:     "mike_from_kiel",
				HoursAfter: 0.6,
				Body: `Not a silly question at all! Here's how:

1. Connect to the router (Wi-Fi or cable) and open ` + "`http://nordbox.local`" + ` in a browser
2. Log in with the **device password** – it's also on the sticker, labelled *Nordbox password*, not the Wi-Fi key
3. Go to **Wi-Fi → Security**
4. Enter a new *Wi-Fi network key* (at least 12 characters, ideally a passphrase) and click **Apply**

And yes, every device will need to reconnect with the new password. Tip: on the same page there's a QR code you can scan with your phone, so you don't have to type it.`,
				Up: []string{"emily.r", "priya_hh", "kabelbert"},
				Comments: []demoComment{
					{Author: "emily.r", MinutesAfter: 20, Body: "Done in two minutes, thank you!"},
				},
			},
		},
		Accepted: 1,
	},
	{
		Category: "router-geraete",
		Author:   "gisela.h",
		HoursAgo: 880,
		Title:    "Router blinkt rot – was bedeutet das und was muss ich tun?",
		Body: `Guten Abend,

an meinem Router leuchtet seit heute Nachmittag die Lampe mit dem Weltkugel-Symbol **rot**. Telefon und Internet gehen nicht. Ich habe den Stecker schon herausgezogen und wieder eingesteckt.

Was soll ich jetzt machen?`,
		Tags: []string{"nordbox", "led", "störung"},
		Answers: []demoAnswer{
			{
				Author:     "anna.support",
				HoursAfter: 14,
				Body: `Hallo Gisela,

die rote Weltkugel bedeutet: Die Nordbox hat zwar eine Leitung, kann sich aber **nicht im Internet anmelden**. Hier eine kleine Übersicht der Lampen:

| Lampe | Farbe | Bedeutung |
|---|---|---|
| Power | grün | Gerät ist eingeschaltet |
| DSL | grün blinkend | Leitung wird aufgebaut |
| Weltkugel | rot | Anmeldung im Internet fehlgeschlagen |
| WLAN | grün | Funknetz ist aktiv |

In deinem Fall lag es an uns: In deinem Gebiet gab es gestern Nachmittag eine Störung bei der Anmeldung, die seit heute Morgen um 6 Uhr behoben ist. Ich habe deinen Anschluss eben geprüft, er ist wieder **online**. Falls die Lampe noch rot ist, zieh bitte einmal für 30 Sekunden den Stecker.

Viele Grüße, Anna`,
				Up: []string{"gisela.h", "kabelbert"},
				Comments: []demoComment{
					{Author: "gisela.h", MinutesAfter: 120, Body: "Die Lampe ist grün und alles geht wieder. Vielen herzlichen Dank für die Erklärung!"},
				},
			},
		},
		Accepted: 1,
	},
	{
		Category: "router-geraete",
		Author:   "lukasz.b",
		HoursAgo: 200,
		Title:    "Can I use my own router instead of the Nordbox?",
		Body: `I'd like to use my own router running open-source firmware, with a separate VDSL modem in bridge mode. Germany has *Routerfreiheit*, right?

What login details do I need for the PPPoE connection, and which VLAN does Nordlicht use?`,
		Tags: []string{"routerfreiheit", "pppoe", "vlan", "own-router"},
		Answers: []demoAnswer{
			{
				Author:     "jonas.staff",
				HoursAfter: 4.5,
				Body: `Hi Lukasz,

yes, you're free to use your own equipment. Your access data is in the welcome letter and in *Mein Nordlicht → Internet → Access data*. For a setup with a separate modem and router you'll need:

` + "```" + `
Connection type: PPPoE
VLAN ID:         7
Username:        nl<customer-number>@dsl.nordlicht.example
Password:        see your access data
MTU:             1492
IPv6:            DHCPv6 with prefix delegation (/56)
` + "```" + `

If you use our landline, you'll also need the SIP credentials; they're on the same page. Please note that we can only support the line up to the socket – for configuring third-party hardware, the community here is usually the better resource.

Best, Jonas`,
				Up: []string{"lukasz.b", "mike_from_kiel", "fynn_zockt"},
				Comments: []demoComment{
					{Author: "kabelbert", MinutesAfter: 40, Body: "Small tip from experience: if your line is on DS-Lite, your router needs DS-Lite support (AFTR via DHCPv6), otherwise you won't get any IPv4 at all."},
					{Author: "lukasz.b", MinutesAfter: 300, Body: "Works perfectly, thanks. Got IPv4 and a /56 prefix."},
				},
			},
		},
		Accepted: 1,
	},
	{
		Category: "rechnung-vertrag",
		Author:   "heike.w",
		HoursAgo: 450,
		Title:    "Rechnung plötzlich 20 € höher als sonst – warum?",
		Body: `Hallo,

auf meiner aktuellen Rechnung stehen **54,99 €** statt wie bisher 34,99 €. Ich habe nichts am Vertrag geändert und auch keine Zusatzoptionen gebucht. Unter „Monatlicher Grundpreis“ steht einfach der höhere Betrag.

Ist das ein Fehler?`,
		Tags: []string{"rechnung", "grundpreis", "preiserhöhung"},
		Answers: []demoAnswer{
			{
				Author:     "anna.support",
				HoursAfter: 20,
				Body: `Hallo Heike,

das ist leider kein Fehler: Dein Tarif *Nordlicht Internet 100* hatte bei Abschluss einen **Aktionspreis von 34,99 € für die ersten 24 Monate**. Dieser Zeitraum ist im letzten Monat ausgelaufen, seitdem gilt der reguläre Preis von 54,99 €. Darüber hättest du eigentlich vorab per E-Mail informiert werden sollen – ich sehe aber, dass die E-Mail an eine alte Adresse ging. Das tut mir leid.

Da deine Mindestlaufzeit vorbei ist, kann ich dir Folgendes anbieten:

- Wechsel in den aktuellen Tarif *Nordlicht Internet 100* für **39,99 €** mit 12 Monaten Laufzeit, oder
- Wechsel in *Nordlicht Internet 50* für **29,99 €** ohne neue Mindestlaufzeit

Schreib mir einfach per Privatnachricht, was dir lieber ist, dann stelle ich das um.

Viele Grüße, Anna`,
				Up: []string{"heike.w", "sabine.k"},
				Comments: []demoComment{
					{Author: "heike.w", MinutesAfter: 180, Body: "Danke für die ehrliche Erklärung. Ich nehme die 39,99 €, habe dir geschrieben."},
					{Author: "tobias_m89", MinutesAfter: 200, Body: "Guter Hinweis, bei mir läuft der Aktionspreis wohl auch bald aus."},
				},
			},
		},
		Accepted: 1,
	},
	{
		Category: "rechnung-vertrag",
		Author:   "mark.o",
		HoursAgo: 1000,
		Title:    "Charged twice for March after switching plans",
		Body: `I switched from *Mobil S* to *Mobil M* on 14 March. My March invoice now shows both plans for the **full month**:

` + "```" + `
Mobil S   01.03.–31.03.   €12.99
Mobil M   01.03.–31.03.   €19.99
Tarifwechselgebühr         €4.99
` + "```" + `

Shouldn't that be prorated? And I wasn't told about a plan-change fee either.`,
		Tags: []string{"invoice", "billing", "plan-change"},
		Answers: []demoAnswer{
			{
				Author:     "jonas.staff",
				HoursAfter: 30,
				Body: `Hi Mark,

you're right, that invoice isn't correct. The plan change was recorded properly on 14 March, but the billing run didn't pick it up in time. The correct charges would have been:

- Mobil S, 1–13 March: **€5.45**
- Mobil M, 14–31 March: **€11.61**

I've issued a **credit note of €15.92** for the difference, plus €4.99 for the plan-change fee – upgrades to a higher plan are free, so that fee shouldn't have been there either. The credit will show up on your April invoice.

Sorry for the hassle!

Best, Jonas`,
				Up: []string{"mark.o", "priya_hh"},
				Comments: []demoComment{
					{Author: "mark.o", MinutesAfter: 600, Body: "Thanks, that matches exactly what I calculated."},
				},
			},
		},
		Accepted: 1,
	},
	{
		Category: "rechnung-vertrag",
		Author:   "tobias_m89",
		HoursAgo: 1380,
		Title:    "Sonderkündigungsrecht bei Umzug – wie läuft das genau ab?",
		Body: `Hallo,

wir ziehen im Sommer in ein Dorf, in dem Nordlicht laut Verfügbarkeitsprüfung nur 16 Mbit/s anbieten kann. Mein Vertrag (Internet 250) läuft noch 14 Monate.

Ich habe gelesen, dass man bei einem Umzug kündigen darf, wenn der Anbieter den Tarif am neuen Wohnort nicht anbieten kann. Stimmt das, und welche Frist gilt?`,
		Tags: []string{"umzug", "kündigung", "vertrag"},
		Answers: []demoAnswer{
			{
				Author:     "kabelbert",
				HoursAfter: 3,
				Body: `Im Prinzip ja. Nach dem Telekommunikationsgesetz muss der Anbieter den Vertrag am neuen Wohnort **zu gleichen Bedingungen** fortführen, wenn er die Leistung dort erbringen kann. Kann er das nicht, hast du ein **Sonderkündigungsrecht mit einer Frist von einem Monat**.

Ob „16 statt 250 Mbit/s“ als „Leistung nicht verfügbar“ zählt, muss dir aber der Support verbindlich bestätigen.`,
				Up: []string{"tobias_m89"},
			},
			{
				Author:     "anna.support",
				HoursAfter: 9,
				Body: `Hallo Tobias,

@kabelbert hat das richtig zusammengefasst. Da wir an deiner neuen Adresse nur bis zu 16 Mbit/s bereitstellen können, ist dein gebuchter Tarif dort **nicht verfügbar**, und du kannst mit einer Frist von einem Monat zum Umzugstermin kündigen.

So gehst du vor:

1. Den Umzug im Kundenportal unter **Vertrag → Umzug melden** eintragen: https://example.com/mein-nordlicht/umzug
2. Wir prüfen die neue Adresse und bieten dir ggf. einen passenden Tarif an.
3. Wenn du den nicht möchtest, bestätigst du dort die Kündigung. Als Nachweis brauchen wir die **Meldebescheinigung** oder den Mietvertrag.

Viele Grüße, Anna`,
				Up: []string{"tobias_m89", "kabelbert", "heike.w"},
				Comments: []demoComment{
					{Author: "tobias_m89", MinutesAfter: 90, Body: "Perfekt, genau das wollte ich wissen. Danke!"},
				},
			},
		},
		Accepted: 2,
	},
	{
		Category: "rechnung-vertrag",
		Author:   "sabine.k",
		HoursAgo: 30,
		Title:    "Unbekannte Abo-Kosten auf der Handyrechnung – Drittanbietersperre einrichten?",
		Body: `Auf meiner Mobilfunkrechnung steht ein Posten **„Premium-Dienste Drittanbieter: 4,99 €“**, und zwar schon den zweiten Monat in Folge. Ich habe nichts abonniert, wahrscheinlich habe ich in einem Spiel versehentlich auf eine Werbung getippt.

Wie werde ich das los, und bekomme ich das Geld zurück?`,
		Tags: []string{"drittanbietersperre", "rechnung", "abo"},
		Answers: []demoAnswer{
			{
				Author:     "anna.support",
				HoursAfter: 4.2,
				Body: `Hallo Sabine,

ärgerlich, aber zum Glück schnell zu lösen:

1. **Drittanbietersperre aktivieren:** im Kundenportal unter *Mobilfunk → Sperren* oder per SMS mit dem Text ` + "`SPERRE DRITTANBIETER`" + ` an die ` + "`4545`" + `. Die Sperre ist kostenlos und gilt sofort.
2. **Abo beenden:** Das habe ich bereits für dich erledigt.
3. **Erstattung:** Für die beiden Monate habe ich beim Drittanbieter eine Erstattung beantragt. Die **9,98 €** werden dir auf einer der nächsten Rechnungen gutgeschrieben.

Viele Grüße, Anna`,
				Up: []string{"sabine.k", "heike.w", "gisela.h"},
				Comments: []demoComment{
					{Author: "sabine.k", MinutesAfter: 60, Body: "Sperre ist aktiv, danke! Das sollte eigentlich Standard sein."},
				},
			},
		},
	},
	{
		Category: "rechnung-vertrag",
		Author:   "priya_hh",
		HoursAgo: 120,
		Title:    "Is it possible to get invoices and contract documents in English?",
		Body: `All my invoices and letters from Nordlicht are in German. I can mostly manage with a translation app, but for the contract terms I'd really like an English version.

Is there a language setting in the customer portal that I'm missing?`,
		Tags: []string{"invoice", "english", "portal"},
	},
	{
		Category: "rechnung-vertrag",
		Author:   "ostsee_ole",
		HoursAgo: 15,
		Title:    "Lastschrift fehlgeschlagen – sind 7,50 € Rücklastschriftgebühr berechtigt?",
		Body: `Hallo,

wegen eines Bankwechsels ist eine Lastschrift zurückgegangen. Ich habe den Betrag gleich am nächsten Tag überwiesen. Jetzt kam trotzdem eine Mahnung mit **7,50 € Rücklastschriftgebühr** plus **2,50 € Mahngebühr**.

Die neuen Bankdaten habe ich inzwischen im Portal hinterlegt. Ist das so in Ordnung? Meine Bank hat mir selbst nur 3 € berechnet.`,
		Tags: []string{"lastschrift", "mahnung", "gebühren"},
	},
	{
		Category: "tv-streaming",
		Author:   "fynn_zockt",
		HoursAgo: 60,
		Title:    "TV-Stream ruckelt abends, besonders bei Fußball",
		Body: `Abends, vor allem bei Live-Fußball, ruckelt das Bild auf der Nordlicht-TV-Box alle paar Sekunden, und die Qualität springt auf SD. Tagsüber ist alles gut.

- Die Box hängt per WLAN an der Nordbox (5 GHz, zwei Räume weiter)
- Internet: VDSL 100, im Speedtest abends ca. 90 Mbit/s

Liegt das an euren Servern?`,
		Tags: []string{"iptv", "tv-box", "ruckeln"},
		Answers: []demoAnswer{
			{
				Author:     "anna.support",
				HoursAfter: 6,
				Body: `Hallo Fynn,

danke für die Meldung. Auf den TV-Servern in deiner Region sehen wir in den letzten Tagen keine Auffälligkeiten, auch nicht zu den Spielzeiten, und deine Leitung sieht ebenfalls gut aus. Ich vermute daher die WLAN-Strecke zwischen Nordbox und TV-Box. Könntest du testweise ein LAN-Kabel verwenden?

Viele Grüße, Anna`,
				Up: []string{"fynn_zockt"},
			},
			{
				Author:     "kabelbert",
				HoursAfter: 8,
				Body: `Live-TV läuft bei Nordlicht als **Multicast**, und Multicast über WLAN ist ein Klassiker für Ruckler – besonders abends, wenn in der Nachbarschaft alle WLANs ausgelastet sind. Was hilft:

- **LAN-Kabel** oder **Powerline-Adapter** zur TV-Box (beste Lösung)
- In der Nordbox unter *Heimnetz → Netzwerkeinstellungen* die Option **„IPTV über WLAN optimieren“** aktivieren
- Die TV-Box im 5-GHz-Netz auf einen Kanal legen, den die Nachbarn nicht nutzen`,
				Up: []string{"fynn_zockt", "mike_from_kiel", "anna.support"},
				Comments: []demoComment{
					{Author: "fynn_zockt", MinutesAfter: 720, Body: "Powerline-Adapter vom Kumpel geliehen: gestern das ganze Spiel ohne einen einzigen Ruckler. Läuft!"},
				},
			},
		},
		Accepted: 2,
	},
	{
		Category: "tv-streaming",
		Author:   "emily.r",
		HoursAgo: 540,
		Title:    "Nordlicht TV app says \"not available in your region\" while on holiday in Spain",
		Body: `I'm on holiday in Spain for two weeks and wanted to watch the news in the Nordlicht TV app. Every channel shows:

` + "```" + `
Error 451: This content is not available in your region.
` + "```" + `

I thought streaming within the EU was allowed now? I'm logged in with my normal account.`,
		Tags: []string{"tv-app", "eu-portability", "travel"},
		Answers: []demoAnswer{
			{
				Author:     "jonas.staff",
				HoursAfter: 11,
				Body: `Hi Emily,

you're right: under the EU portability rules you can use your TV subscription in other EU countries. To allow that, the app has to confirm that you **live in Germany**, which it normally does by checking that your device has been connected to your Nordlicht home line at least once. I can see you've only ever used the app on mobile data, so that check couldn't complete.

I've now confirmed your home country manually. Please **log out of the app and log back in** – the channels should work afterwards. A few channels are excluded for licensing reasons; you'll see a small globe icon next to them.

Best, Jonas`,
				Up: []string{"emily.r", "priya_hh"},
				Comments: []demoComment{
					{Author: "emily.r", MinutesAfter: 45, Body: "Logged out and back in, works now. Thanks!"},
				},
			},
		},
		Accepted: 1,
	},
	{
		Category: "tv-streaming",
		Author:   "gisela.h",
		HoursAgo: 1300,
		Title:    "Wie kann ich die Senderliste auf der TV-Box neu sortieren?",
		Body: `Hallo,

nach einem Update sind meine Sender durcheinander. Meine Nachrichtensender sind jetzt auf Platz 12 und 14, und irgendein Einkaufssender ist auf Platz 1. Wie bekomme ich die alte Reihenfolge wieder hin? Ich möchte nicht jedes Mal so weit schalten.`,
		Tags: []string{"senderliste", "tv-box"},
		Answers: []demoAnswer{
			{
				Author:     "sabine.k",
				HoursAfter: 20,
				Body: `Hallo Gisela, das geht mit der Fernbedienung:

1. **Menü**-Taste drücken
2. *Einstellungen → Senderliste → Reihenfolge bearbeiten* wählen
3. Den Sender auswählen, **OK** drücken und mit den Pfeiltasten an die gewünschte Stelle schieben
4. Nochmal **OK** zum Ablegen

Am Ende mit **Zurück** verlassen, dann wird gespeichert. Wenn Sie nur Ihre Lieblingssender sehen möchten, können Sie unter *Favoriten* auch eine eigene Liste anlegen.`,
				Up: []string{"gisela.h", "kabelbert", "anna.support"},
				Comments: []demoComment{
					{Author: "gisela.h", MinutesAfter: 1440, Body: "Es hat etwas gedauert, aber jetzt ist alles wieder richtig. Dankeschön!"},
				},
			},
		},
	},
	{
		Category: "tv-streaming",
		Author:   "mark.o",
		HoursAgo: 260,
		Title:    "IPTV picture freezes for a second every few minutes",
		Body: `Every 3–5 minutes the picture freezes for about a second, sometimes with green blocks, then carries on. The sound keeps going.

- Only on **live TV** – recordings and the on-demand section are fine
- All channels are affected
- The TV box is connected by cable through a small switch behind the TV

Any ideas?`,
		Tags: []string{"iptv", "freeze", "multicast"},
		Answers: []demoAnswer{
			{
				Author:     "mike_from_kiel",
				HoursAfter: 14,
				Body: `Live TV only plus a switch in between – I'd bet on **IGMP snooping**. Cheap unmanaged switches sometimes mishandle multicast: they briefly drop the stream when the group membership is refreshed, which happens every few minutes. That's exactly your pattern.

Quick test: plug the TV box **directly** into the Nordbox for an evening. If the freezes are gone, replace the switch with one that supports IGMP snooping (ideally IGMPv3).`,
				Up:   []string{"mark.o", "kabelbert"},
				Down: []string{"lukasz.b"},
				Comments: []demoComment{
					{Author: "lukasz.b", MinutesAfter: 200, Body: "Could also be the cable, to be fair. I'd swap that first, it's cheaper than a new switch."},
					{Author: "mark.o", MinutesAfter: 1500, Body: "Plugged it in directly yesterday, no freezes all evening. Looks like the switch it is."},
				},
			},
		},
	},
	{
		Category: "tv-streaming",
		Author:   "heike.w",
		HoursAgo: 18,
		Title:    "Alle Aufnahmen nach Neustart der TV-Box verschwunden",
		Body: `Nach einem Stromausfall gestern Abend ist die TV-Box neu gestartet, und unter *Meine Aufnahmen* ist alles leer. Da waren ungefähr 40 Aufnahmen drauf, unter anderem eine ganze Serie, die ich noch nicht gesehen habe.

Sind die weg? Die Aufnahmen liegen doch eigentlich in der Cloud, oder?`,
		Tags: []string{"aufnahmen", "cloud-recorder", "tv-box"},
	},
}
