package synth

// The symptoms: what goes wrong, in both languages. Templates use these
// slots: {p} the product's name ({P} capitalised); in German {der} {den}
// {dem} {mein} {meinen} {meinem} the product with article or possessive in
// nominative, accusative and dative ({Der}, {Mein} capitalised), {am}
// {im} {vom} {zum} {beim} with a contracted preposition; {ctx} the
// topic's context ({Ctx}); {code} an error code; {ver} a version; {n} a
// small number; {mbit} the booked and {got} the measured speed; {d} a
// date; {name}, {staff} and {ort} a poster, a support agent and a city.

// fix selects the advice answers draw on.
type fix uint8

const (
	fxConn fix = iota
	fxNoNet
	fxSpeed
	fxWifi
	fxWifiPw
	fxRange
	fxSetup
	fxIPv6
	fxDNS
	fxFirmware
	fxDevice
	fxVoIP
	fxMobile
	fxESIM
	fxMobileData
	fxRoaming
	fxSIM
	fxPorting
	fxTV
	fxTVApp
	fxChannels
	fxBill
	fxBillPortal
	fxPayment
	fxPassword
	fxLogin
	fx2FA
	fxMail
	fxHacked
	fxCancel
	fxMove
	fxTariff
	fxTech
	fxOutage
	fxPing
	fxMesh
	fxPrice
	numFixes
)

// Code blocks a poster pastes.
const (
	blkLog = iota
	blkPing
	blkTrace
	blkDNS
	blkDSL
	blkSIP
	blkAPN
	blkMail
	blkTVErr
)

var blocks = [...][2]string{
	blkLog: {
		"```\n{d} 21:14:07 Internetverbindung wurde getrennt.\n{d} 21:14:38 PPPoE-Fehler: Zeitüberschreitung.\n{d} 21:15:02 Internetverbindung wurde erfolgreich hergestellt.\n```",
		"```\n{d} 21:14:07 Internet connection was disconnected.\n{d} 21:14:38 PPPoE error: timeout.\n{d} 21:15:02 Internet connection established successfully.\n```",
	},
	blkPing: {
		"```\nC:\\> ping -n 4 8.8.8.8\nAntwort von 8.8.8.8: Bytes=32 Zeit=19ms TTL=117\nZeitüberschreitung der Anforderung.\nAntwort von 8.8.8.8: Bytes=32 Zeit=312ms TTL=117\nAntwort von 8.8.8.8: Bytes=32 Zeit=21ms TTL=117\n```",
		"```\n$ ping -c 4 8.8.8.8\n64 bytes from 8.8.8.8: icmp_seq=1 ttl=117 time=19.2 ms\nRequest timeout for icmp_seq 2\n64 bytes from 8.8.8.8: icmp_seq=3 ttl=117 time=312.4 ms\n64 bytes from 8.8.8.8: icmp_seq=4 ttl=117 time=20.7 ms\n```",
	},
	blkTrace: {
		"```\ntracert 8.8.8.8\n  1    <1 ms    <1 ms    <1 ms  fritz.box [192.168.178.1]\n  2     *        *        *     Zeitüberschreitung der Anforderung.\n  3    48 ms    51 ms    47 ms  62.155.244.1\n```",
		"```\ntraceroute to 8.8.8.8 (8.8.8.8), 30 hops max\n 1  192.168.178.1  1.214 ms\n 2  * * *\n 3  62.155.244.1  48.702 ms\n```",
	},
	blkDNS: {
		"```\n> nslookup heise.de\nServer:  fritz.box\nAddress:  192.168.178.1\n*** heise.de wurde von fritz.box nicht gefunden: Non-existent domain\n```",
		"```\n$ nslookup example.com\nServer:  192.168.178.1\n** server can't find example.com: NXDOMAIN\n```",
	},
	blkDSL: {
		"```\nAktuelle Datenrate: {got} / 40 Mbit/s\nLeitungskapazität: {mbit} Mbit/s\nStörabstandsmarge: 6 dB\nLeitungsdämpfung: 21 dB\nCRC-Fehler (15 min): 1532\n```",
		"```\nCurrent data rate: {got} / 40 Mbit/s\nLine capacity: {mbit} Mbit/s\nSNR margin: 6 dB\nLine attenuation: 21 dB\nCRC errors (15 min): 1532\n```",
	},
	blkSIP: {
		"```\n{d} 08:02:11 Anmeldung der Internetrufnummer 0221xxxxxxx war nicht erfolgreich. Ursache: 403 Forbidden\n{d} 08:07:11 Anmeldung der Internetrufnummer 0221xxxxxxx war nicht erfolgreich. Ursache: Gegenstelle antwortet nicht.\n```",
		"```\n{d} 08:02:11 Registration of internet number 0221xxxxxxx failed. Reason: 403 Forbidden\n{d} 08:07:11 Registration of internet number 0221xxxxxxx failed. Reason: no response from remote site.\n```",
	},
	blkAPN: {
		"```\nName: Internet\nAPN: internet\nMCC: 262\nMNC: 01\nAPN-Typ: default,supl\n```",
		"```\nName: Internet\nAPN: internet\nMCC: 262\nMNC: 01\nAPN type: default,supl\n```",
	},
	blkMail: {
		"```\nPosteingang: IMAP, Port 993, SSL/TLS\nPostausgang: SMTP, Port 587, STARTTLS\nBenutzername: vollständige E-Mail-Adresse\nAuthentifizierung: normales Passwort\n```",
		"```\nIncoming: IMAP, port 993, SSL/TLS\nOutgoing: SMTP, port 587, STARTTLS\nUsername: full email address\nAuthentication: normal password\n```",
	},
	blkTVErr: {
		"```\nFehler: {code}\nGerät: {p}\nSoftware: {ver}\nZeit: {d} 20:15\n```",
		"```\nError: {code}\nDevice: {p}\nSoftware: {ver}\nTime: {d} 20:15\n```",
	},
}

var symptoms = [...]symptom{
	{ // Connection drops.
		tag: "verbindungsabbruch", cat: catInternet, fix: fxConn, w: 10, kinds: of(kLine, kRouter),
		codes:  [][2]string{{"PPPoE-Fehler: Zeitüberschreitung", "PPPoE error: timeout"}, {"LCP-Timeout", "LCP timeout"}, {"Fehler 651", "error 651"}},
		blocks: []int{blkLog, blkPing, blkDSL},
		titles: [2][]string{{
			"Ständige Verbindungsabbrüche mit {dem} {ctx}",
			"Internetverbindung bricht {ctx} ständig ab",
			"{p}: Verbindung bricht mehrmals täglich ab",
			"Problem mit der Verbindung – {p} trennt sich {ctx} immer wieder",
			"Verbindungsabbrüche {ctx}, was kann ich tun?",
		}, {
			"Constant connection drops with my {p} {ctx}",
			"{P} keeps disconnecting {ctx}",
			"Internet connection drops several times a day ({p})",
			"Problem with the connection {ctx} – {p} keeps dropping out",
		}},
		openers: [2][]string{{
			"{Mein} verliert {ctx} immer wieder die Verbindung, teilweise alle {n} Minuten.",
			"Ich habe {ctx} ständig Verbindungsabbrüche. Die Internetverbindung ist für ein paar Minuten weg und kommt dann von allein wieder.",
			"Die Internetverbindung an {meinem} bricht {ctx} mehrmals täglich ab.",
		}, {
			"My {p} keeps losing the connection {ctx}, sometimes every {n} minutes.",
			"I've been getting constant disconnects {ctx}. The internet is gone for a few minutes and then comes back on its own.",
			"The internet connection on my {p} drops several times a day {ctx}.",
		}},
		details: [2][]string{{
			"Im Ereignisprotokoll steht dann jedes Mal „Internetverbindung wurde getrennt“.",
			"Nach ein bis zwei Minuten ist die Verbindung wieder da, aber Videocalls und Downloads brechen jedes Mal ab.",
			"Die Online-LED geht während des Abbruchs kurz aus.",
			"Tagsüber ist es etwas besser, abends häufen sich die Abbrüche deutlich.",
			"Beim Streamen und bei Online-Spielen ist das natürlich besonders nervig.",
		}, {
			"The event log says \"Internet connection was disconnected\" every time.",
			"After a minute or two the connection is back, but video calls and downloads get interrupted every time.",
			"The online light goes off briefly while it's down.",
			"During the day it's a bit better, in the evening the drops get much more frequent.",
			"It's especially annoying when streaming or gaming.",
		}},
	},
	{ // No internet at all.
		tag: "kein-internet", cat: catInternet, fix: fxNoNet, w: 8, kinds: of(kLine, kRouter),
		codes:  [][2]string{{"DNS_PROBE_FINISHED_NXDOMAIN", "DNS_PROBE_FINISHED_NXDOMAIN"}, {"ERR_INTERNET_DISCONNECTED", "ERR_INTERNET_DISCONNECTED"}, {"DSL antwortet nicht", "DSL not responding"}},
		blocks: []int{blkLog, blkPing},
		titles: [2][]string{{
			"Kein Internet {ctx} – {p} zeigt keine Verbindung",
			"Internet geht {ctx} gar nicht mehr",
			"{p}: Online-LED bleibt aus, kein Internet",
			"Totalausfall {ctx}, kein Internet über {den}",
		}, {
			"No internet {ctx} – {p} shows no connection",
			"Internet not working at all {ctx}",
			"{P}: online light stays off, no internet",
			"Complete outage {ctx}, nothing works over my {p}",
		}},
		openers: [2][]string{{
			"{Ctx} habe ich überhaupt kein Internet mehr.",
			"Über {meinen} komme ich {ctx} nicht mehr ins Internet, das WLAN ist zwar da, aber keine Seite lädt.",
			"{Der} hat {ctx} keine Internetverbindung mehr, die Online-LED leuchtet nicht.",
		}, {
			"{Ctx} I have had no internet at all.",
			"I can't get online through my {p} {ctx}; the Wi-Fi is there but no page loads.",
			"My {p} has had no internet connection {ctx} and the online light is off.",
		}},
		details: [2][]string{{
			"Im Browser kommt nur „Diese Website ist nicht erreichbar“.",
			"Laut Störungsauskunft gibt es in meiner Region keine Störung.",
			"Das Telefon funktioniert übrigens auch nicht mehr.",
			"Im Router-Menü steht unter Internet nur „nicht verbunden“.",
		}, {
			"The browser just says \"This site can't be reached\".",
			"The outage checker says there's no known fault in my area.",
			"The landline doesn't work either, by the way.",
			"The router menu just says \"not connected\" under Internet.",
		}},
	},
	{ // Slow speed.
		tag: "geschwindigkeit", cat: catInternet, fix: fxSpeed, w: 8, kinds: of(kLine, kRouter),
		blocks: []int{blkDSL, blkPing},
		titles: [2][]string{{
			"Internet {ctx} extrem langsam",
			"Nur {got} statt {mbit} Mbit/s {am}",
			"Geschwindigkeit deutlich unter dem gebuchten Tarif ({p})",
			"Langsames Internet {ctx} – Speedtest zeigt nur {got} Mbit/s",
		}, {
			"Internet extremely slow {ctx}",
			"Only {got} instead of {mbit} Mbit/s on my {p}",
			"Speed far below what I'm paying for ({p})",
			"Slow internet {ctx} – speed test shows only {got} Mbit/s",
		}},
		openers: [2][]string{{
			"Gebucht habe ich {mbit} Mbit/s, beim Speedtest kommen {ctx} aber nur noch etwa {got} Mbit/s an.",
			"Die Geschwindigkeit an {meinem} ist {ctx} katastrophal, Webseiten laden ewig und Streams ruckeln.",
			"{Ctx} ist das Internet so langsam, dass nicht einmal Videotelefonie vernünftig funktioniert.",
		}, {
			"I'm paying for {mbit} Mbit/s, but {ctx} speed tests only show about {got} Mbit/s.",
			"The speed on my {p} has been terrible {ctx}; pages take forever and streams stutter.",
			"{Ctx} the internet has been so slow that even video calls don't work properly.",
		}},
		details: [2][]string{{
			"Gemessen habe ich per LAN-Kabel direkt am Router, nicht über WLAN.",
			"Der Upload ist mit {n} Mbit/s auch deutlich zu niedrig.",
			"Ich habe die Messung mehrmals zu unterschiedlichen Tageszeiten wiederholt, abends ist es am schlimmsten.",
			"Die Breitbandmessung der Bundesnetzagentur bestätigt die niedrigen Werte.",
		}, {
			"I measured over a LAN cable directly at the router, not over Wi-Fi.",
			"Upload is way too low as well at {n} Mbit/s.",
			"I repeated the test several times at different times of day, the evening is worst.",
			"The official broadband measurement tool confirms the low numbers.",
		}},
	},
	{ // Wi-Fi drops.
		tag: "wlan", cat: catInternet, fix: fxWifi, w: 8, kinds: of(kRouter, kRepeater),
		titles: [2][]string{{
			"WLAN bricht {ctx} ständig ab",
			"WLAN-Verbindung {zum} reißt immer wieder ab",
			"{p}: Geräte fliegen ständig aus dem WLAN",
			"Probleme mit dem WLAN {ctx}, über LAN läuft es stabil",
		}, {
			"Wi-Fi keeps dropping {ctx}",
			"Wi-Fi connection to my {p} keeps cutting out",
			"{P}: devices keep getting kicked off the Wi-Fi",
			"Wi-Fi problems {ctx}, wired connection is fine",
		}},
		openers: [2][]string{{
			"Laptop und Handys verlieren {ctx} ständig die WLAN-Verbindung {zum}.",
			"Das WLAN von {meinem} bricht {ctx} alle paar Minuten ab, per LAN-Kabel läuft dagegen alles stabil.",
		}, {
			"My laptop and phones keep losing the Wi-Fi connection to my {p} {ctx}.",
			"The Wi-Fi from my {p} drops every few minutes {ctx}, while everything on a LAN cable is stable.",
		}},
		details: [2][]string{{
			"Betroffen ist vor allem das 5-GHz-Band, im 2,4-GHz-Netz ist es etwas besser.",
			"In der WLAN-Übersicht sehe ich, dass die Geräte kurz abgemeldet und sofort wieder angemeldet werden.",
			"In der Nachbarschaft gibt es ziemlich viele WLAN-Netze, vielleicht liegt es am Funkkanal?",
			"Den WLAN-Kanal habe ich schon von automatisch auf Kanal 36 gestellt, ohne Besserung.",
		}, {
			"It's mostly the 5 GHz band, the 2.4 GHz network is a bit better.",
			"In the Wi-Fi overview I can see devices being logged off briefly and then reconnecting straight away.",
			"There are quite a few Wi-Fi networks around here, could it be the channel?",
			"I already switched the Wi-Fi channel from automatic to channel 36, no improvement.",
		}},
	},
	{ // Wi-Fi password.
		tag: "wlan-passwort", cat: catInternet, fix: fxWifiPw, w: 4, kinds: of(kRouter, kRepeater), noCtx: ctxs(ctxRain, ctxEvening, ctxStorm),
		titles: [2][]string{{
			"WLAN-Passwort vergessen – {p}",
			"WLAN-Passwort {am} ändern, aber wie?",
			"Nach der Passwortänderung verbinden sich keine Geräte mehr mit dem WLAN",
			"Wo finde ich den WLAN-Schlüssel für {den}?",
		}, {
			"Forgot my Wi-Fi password – {p}",
			"How do I change the Wi-Fi password on my {p}?",
			"No devices connect after changing the Wi-Fi password",
			"Where do I find the Wi-Fi key for my {p}?",
		}},
		openers: [2][]string{{
			"Ich habe das WLAN-Passwort {ctx} geändert und jetzt verbindet sich kaum noch ein Gerät mit {dem}.",
			"Ich finde das WLAN-Passwort für {meinen} nicht mehr und würde es gern ändern.",
		}, {
			"I changed the Wi-Fi password {ctx} and now hardly any device connects to my {p}.",
			"I can't find the Wi-Fi password for my {p} any more and would like to change it.",
		}},
		details: [2][]string{{
			"Der Aufkleber auf der Unterseite zeigt noch den alten WLAN-Schlüssel.",
			"Das Handy meldet immer „Falsches Passwort“, obwohl ich es richtig eingebe.",
			"An die Benutzeroberfläche komme ich nur über LAN, das Kennwort dafür weiß ich aber auch nicht mehr.",
			"Der Drucker und der Fernseher wollen das neue Passwort einfach nicht annehmen.",
		}, {
			"The sticker on the bottom still shows the old Wi-Fi key.",
			"My phone always says \"Incorrect password\" even though I type it correctly.",
			"I can only reach the web interface over LAN, and I don't remember that password either.",
			"The printer and the TV just won't accept the new password.",
		}},
	},
	{ // Wi-Fi range.
		tag: "reichweite", cat: catInternet, fix: fxRange, w: 5, kinds: of(kRouter, kRepeater),
		titles: [2][]string{{
			"Schlechte WLAN-Reichweite im Obergeschoss",
			"{p}: WLAN-Empfang reicht nicht bis ins Schlafzimmer",
			"WLAN-Abdeckung {ctx} deutlich schlechter",
		}, {
			"Poor Wi-Fi range upstairs",
			"{P}: Wi-Fi signal doesn't reach the bedroom",
			"Wi-Fi coverage much worse {ctx}",
		}},
		openers: [2][]string{{
			"Das WLAN von {meinem} reicht {ctx} kaum noch bis ins Obergeschoss.",
			"Im Arbeitszimmer habe ich mit {dem} {ctx} nur noch einen Balken WLAN-Empfang.",
		}, {
			"The Wi-Fi from my {p} barely reaches upstairs {ctx}.",
			"In my study I only get one bar of Wi-Fi from the {p} {ctx}.",
		}},
		details: [2][]string{{
			"Wir wohnen in einem Altbau mit dicken Wänden, das macht es nicht leichter.",
			"Ein Repeater in der Steckdose im Flur bringt nur wenig.",
			"Die Sendeleistung steht schon auf 100 Prozent.",
			"Im Erdgeschoss ist alles gut, oben bricht die Verbindung beim Streaming ab.",
		}, {
			"We live in an old building with thick walls, which doesn't help.",
			"A plug-in repeater in the hallway only helps a little.",
			"Transmit power is already set to 100 percent.",
			"Downstairs everything is fine, upstairs the connection drops while streaming.",
		}},
	},
	{ // PPPoE setup.
		tag: "einrichtung", cat: catInternet, fix: fxSetup, w: 5, kinds: of(kRouter), noCtx: ctxs(ctxEvening, ctxRain, ctxStorm, ctxHomeOffice),
		codes: [][2]string{{"PPPoE-Fehler: Zugangsdaten ungültig", "PPPoE error: invalid credentials"}, {"Fehler 691", "error 691"}},
		titles: [2][]string{{
			"Zugangsdaten werden {vom} nicht akzeptiert",
			"Einrichtung {ctx}: PPPoE-Verbindung kommt nicht zustande",
			"{p} einrichten – welcher Internetzugang muss ausgewählt werden?",
			"Probleme bei der Einrichtung {ctx}",
		}, {
			"{P} won't accept my login credentials",
			"Setup {ctx}: PPPoE connection fails",
			"Setting up the {p} – which internet access type do I choose?",
			"Problems setting up my {p} {ctx}",
		}},
		openers: [2][]string{{
			"Ich versuche {ctx}, {meinen} einzurichten, aber die PPPoE-Einwahl schlägt jedes Mal fehl.",
			"Bei der Einrichtung habe ich die Zugangsdaten aus dem Brief eingegeben, trotzdem baut {der} keine Verbindung auf.",
		}, {
			"I've been trying to set up my {p} {ctx}, but the PPPoE login fails every time.",
			"I entered the credentials from the letter when setting up the {p}, but it still won't connect.",
		}},
		details: [2][]string{{
			"Zugangsnummer, Mitbenutzersuffix und persönliches Kennwort habe ich mehrfach kontrolliert.",
			"Als Anbieter habe ich „Anderer Internetanbieter“ gewählt, da meiner nicht in der Liste steht.",
			"Muss ich irgendwo eine VLAN-ID eintragen? Im Schreiben steht nichts dazu.",
			"Der Einrichtungsassistent bricht am Ende mit einer Fehlermeldung ab.",
		}, {
			"I've checked the access number, the suffix and the personal password several times.",
			"I picked \"Other internet provider\" because mine isn't in the list.",
			"Do I have to enter a VLAN ID somewhere? The letter doesn't say anything about it.",
			"The setup wizard aborts with an error message at the end.",
		}},
	},
	{ // IPv6, DS-Lite, port forwarding.
		tag: "ipv6", cat: catInternet, fix: fxIPv6, w: 3, kinds: of(kRouter, kLine), noCtx: ctxs(ctxRain, ctxEvening, ctxStorm),
		titles: [2][]string{{
			"Portfreigabe funktioniert nicht – DS-Lite {am}?",
			"IPv6-Probleme {ctx}",
			"Keine öffentliche IPv4-Adresse mehr {ctx}",
			"Fernzugriff auf das NAS nicht möglich ({p})",
		}, {
			"Port forwarding not working – DS-Lite on my {p}?",
			"IPv6 problems {ctx}",
			"No public IPv4 address any more {ctx}",
			"Can't reach my NAS remotely ({p})",
		}},
		openers: [2][]string{{
			"{Ctx} funktioniert meine Portfreigabe nicht mehr, von außen ist der Server nicht erreichbar.",
			"Anscheinend habe ich {ctx} nur noch IPv6 mit DS-Lite an {meinem}, und jetzt klappt der Fernzugriff nicht mehr.",
		}, {
			"{Ctx} my port forwarding has stopped working; the server isn't reachable from outside.",
			"It seems I only have IPv6 with DS-Lite on my {p} {ctx}, and now remote access doesn't work any more.",
		}},
		details: [2][]string{{
			"Im Router-Menü steht bei IPv4 nur eine Adresse aus dem Bereich 100.64.x.x.",
			"Die Portfreigabe für Port 443 ist eingerichtet, trotzdem kommt von außen nichts an.",
			"Für mein Homeoffice-VPN brauche ich eigentlich eine echte IPv4-Adresse.",
			"Die Spielekonsole meines Sohnes zeigt ständig „NAT-Typ strikt“ an.",
		}, {
			"The router menu only shows an IPv4 address in the 100.64.x.x range.",
			"Port forwarding for port 443 is set up, but nothing arrives from outside.",
			"I really need a proper IPv4 address for my work VPN.",
			"My son's console keeps showing \"NAT type strict\".",
		}},
	},
	{ // DNS.
		tag: "dns", cat: catInternet, fix: fxDNS, w: 4, kinds: of(kRouter, kLine),
		codes:  [][2]string{{"DNS_PROBE_FINISHED_NXDOMAIN", "DNS_PROBE_FINISHED_NXDOMAIN"}, {"DNS_PROBE_FINISHED_BAD_CONFIG", "DNS_PROBE_FINISHED_BAD_CONFIG"}, {"ERR_NAME_NOT_RESOLVED", "ERR_NAME_NOT_RESOLVED"}},
		blocks: []int{blkDNS, blkPing},
		titles: [2][]string{{
			"Webseiten laden nicht: {code}",
			"Manche Webseiten laden nicht, DNS-Fehler {ctx}",
			"{p}: Namensauflösung funktioniert nur sporadisch",
			"Seiten nicht erreichbar, aber Ping auf IP-Adresse geht",
		}, {
			"Websites won't load: {code}",
			"Some websites won't load, DNS error {ctx}",
			"{P}: name resolution only works sometimes",
			"Sites unreachable but pinging an IP works",
		}},
		openers: [2][]string{{
			"{Ctx} laden viele Webseiten nicht mehr, Chrome zeigt {code}.",
			"Über {meinen} werden {ctx} manche Adressen nicht aufgelöst, obwohl die Verbindung an sich steht.",
		}, {
			"{Ctx} a lot of websites won't load any more and Chrome shows {code}.",
			"Some addresses won't resolve through my {p} {ctx}, even though the connection itself is up.",
		}},
		details: [2][]string{{
			"Ein Ping auf 8.8.8.8 funktioniert einwandfrei, ein Ping auf google.de dagegen nicht.",
			"Wenn ich am Laptop manuell einen anderen DNS-Server eintrage, geht es sofort.",
			"Betroffen sind alle Geräte im Netzwerk, nicht nur ein einzelner Rechner.",
			"Nach einem Routerneustart geht es meistens für ein paar Stunden.",
		}, {
			"Pinging 8.8.8.8 works perfectly, pinging google.com doesn't.",
			"If I set a different DNS server manually on the laptop, it works straight away.",
			"All devices on the network are affected, not just one computer.",
			"After a router restart it usually works for a few hours.",
		}},
	},
	{ // Firmware update failed.
		tag: "firmware", cat: -1, fix: fxFirmware, w: 5, kinds: of(kRouter, kRepeater, kTVDevice), noCtx: ctxs(ctxFirmware, ctxRain, ctxEvening),
		codes: [][2]string{{"Fehler 0x80070005", "error 0x80070005"}, {"Update-Datei ungültig", "invalid update file"}, {"Fehler beim Prüfen der Firmware", "firmware verification failed"}},
		titles: [2][]string{{
			"Firmware-Update auf {dem} fehlgeschlagen",
			"{p} hängt beim Firmware-Update",
			"Nach dem Update startet {der} nicht mehr richtig",
			"Update auf {ver} schlägt fehl",
		}, {
			"Firmware update failed on my {p}",
			"{P} stuck during firmware update",
			"{P} won't boot properly after the update",
			"Update to {ver} keeps failing",
		}},
		openers: [2][]string{{
			"Ich wollte {meinen} auf {ver} aktualisieren, aber der Vorgang bleibt bei {n}0 Prozent stehen.",
			"Das automatische Update {vom} ist {ctx} schiefgegangen, seitdem blinken alle LEDs.",
		}, {
			"I tried to update my {p} to {ver}, but it gets stuck at {n}0 percent.",
			"The automatic update on my {p} went wrong {ctx} and all the lights have been flashing since.",
		}},
		details: [2][]string{{
			"Die Update-Datei habe ich direkt von der Herstellerseite heruntergeladen.",
			"Ein zweiter Versuch über die Benutzeroberfläche endet mit derselben Fehlermeldung: {code}.",
			"Während des Updates war das Gerät per LAN angeschlossen, Strom war durchgehend da.",
			"Im Menü wird weiterhin die alte Version angezeigt.",
		}, {
			"I downloaded the update file straight from the manufacturer's site.",
			"A second attempt through the web interface ends with the same error: {code}.",
			"The device was connected by LAN during the update and the power never went off.",
			"The menu still shows the old version.",
		}},
	},
	{ // Router reboots itself.
		tag: "neustart", cat: catHardware, fix: fxDevice, w: 4, kinds: of(kRouter), noCtx: ctxs(ctxRain),
		blocks: []int{blkLog},
		titles: [2][]string{{
			"{p} startet {ctx} ständig von selbst neu",
			"Ständiger Routerneustart – {p} bootet mehrmals täglich",
			"{Der} rebootet ohne erkennbaren Grund",
		}, {
			"{P} keeps rebooting itself {ctx}",
			"Constant router restarts – {p} reboots several times a day",
			"My {p} reboots for no apparent reason",
		}},
		openers: [2][]string{{
			"{Mein} startet {ctx} mehrmals am Tag einfach neu, ohne dass ich etwas mache.",
			"Alle paar Stunden gibt es einen Routerneustart, {der} fährt dann komplett hoch und alles ist für fünf Minuten weg.",
		}, {
			"My {p} restarts on its own several times a day {ctx}, without me doing anything.",
			"Every few hours the router reboots; the {p} goes through a full start-up and everything is down for five minutes.",
		}},
		details: [2][]string{{
			"Im Ereignisprotokoll steht danach nur „Neustart nach Stromausfall“, obwohl der Strom gar nicht weg war.",
			"Das Gerät wird dabei ziemlich warm, es steht allerdings frei im Regal.",
			"Ich habe schon ein anderes Netzteil ausprobiert.",
			"Auch nach dem Zurücksetzen auf Werkseinstellungen hört es nicht auf.",
		}, {
			"Afterwards the event log only says \"restart after power failure\", even though the power never went off.",
			"The device gets quite warm, although it sits on an open shelf.",
			"I've already tried a different power supply.",
			"Even after a factory reset it keeps happening.",
		}},
	},
	{ // Device dead or defective.
		tag: "defekt", cat: -1, fix: fxDevice, w: 4, kinds: of(kRouter, kRepeater, kTVDevice), noCtx: ctxs(ctxEvening, ctxRain, ctxHomeOffice),
		titles: [2][]string{{
			"{p} defekt? Power-LED blinkt nur noch",
			"{Der} reagiert {ctx} gar nicht mehr",
			"Austauschgerät für {den} – wie läuft das ab?",
		}, {
			"{P} broken? Power light just keeps flashing",
			"My {p} doesn't respond at all {ctx}",
			"Replacement for my {p} – how does it work?",
		}},
		openers: [2][]string{{
			"{Mein} ist {ctx} komplett tot, nur die Power-LED blinkt in regelmäßigen Abständen.",
			"{Der} lässt sich {ctx} nicht mehr einschalten bzw. bleibt beim Starten hängen.",
		}, {
			"My {p} has been completely dead {ctx}; only the power light flashes at regular intervals.",
			"The {p} hasn't switched on {ctx}, or it hangs during start-up.",
		}},
		details: [2][]string{{
			"Das Netzteil habe ich mit einem Messgerät geprüft, es liefert Strom.",
			"Das Gerät ist gemietet, ich gehe also davon aus, dass ich ein Austauschgerät bekomme.",
			"Ein Werksreset per Reset-Taste bringt nichts, es passiert einfach gar nichts.",
			"Die Garantie ist leider seit ein paar Monaten abgelaufen.",
		}, {
			"I checked the power supply with a multimeter, it's delivering power.",
			"The device is rented, so I assume I'll get a replacement.",
			"A factory reset with the reset button does nothing, nothing happens at all.",
			"Unfortunately the warranty ran out a few months ago.",
		}},
	},
	{ // Overheating.
		tag: "ueberhitzung", cat: -1, fix: fxDevice, w: 2, kinds: of(kRouter, kTVDevice), noCtx: ctxs(ctxRain, ctxPassword),
		titles: [2][]string{{
			"{p} wird extrem heiß",
			"Überhitzung: {der} schaltet sich {ctx} einfach ab",
		}, {
			"{P} gets extremely hot",
			"Overheating: my {p} just switches off {ctx}",
		}},
		openers: [2][]string{{
			"{Mein} wird {ctx} so heiß, dass man das Gehäuse kaum anfassen kann.",
			"{Der} schaltet sich bei sommerlichen Temperaturen einfach ab und startet nach einer Weile wieder.",
		}, {
			"My {p} gets so hot {ctx} that you can hardly touch the case.",
			"The {p} just switches off in summer temperatures and starts again after a while.",
		}},
		details: [2][]string{{
			"Das Gerät steht frei auf einem Regal, nicht im Schrank.",
			"Ein kleiner USB-Lüfter daneben hilft etwas, ist aber keine Dauerlösung.",
			"Im Sommer ist es in dem Zimmer allerdings schon ziemlich warm.",
		}, {
			"It stands on an open shelf, not in a cupboard.",
			"A small USB fan next to it helps a bit, but that's no permanent solution.",
			"The room does get pretty warm in summer, though.",
		}},
	},
	{ // VoIP telephony down.
		tag: "telefonie", cat: catTelefonie, fix: fxVoIP, w: 5, kinds: of(kPhone, kRouter),
		codes:  [][2]string{{"SIP-Registrierung fehlgeschlagen (403 Forbidden)", "SIP registration failed (403 Forbidden)"}, {"Rufnummer nicht registriert", "number not registered"}, {"Fehler 503 Service Unavailable", "error 503 Service Unavailable"}},
		blocks: []int{blkSIP},
		titles: [2][]string{{
			"Telefonie funktioniert {ctx} nicht mehr",
			"{p}: Rufnummer wird nicht registriert",
			"Festnetztelefon tot, Internet geht aber",
			"VoIP-Probleme {ctx} – keine ausgehenden Anrufe möglich",
		}, {
			"Phone calls not working {ctx}",
			"{P}: phone number won't register",
			"Landline dead, but internet works",
			"VoIP problems {ctx} – can't make outgoing calls",
		}},
		openers: [2][]string{{
			"{Ctx} kann ich über {meinen} nicht mehr telefonieren, beim Abheben ist nur Stille.",
			"Das Internet läuft, aber die Telefonie über {meinen} geht {ctx} überhaupt nicht, es kommt immer ein Besetztzeichen.",
		}, {
			"{Ctx} I can't make calls through my {p}; when I pick up there's just silence.",
			"The internet works, but calls on my {p} don't work at all {ctx}; I always get a busy tone.",
		}},
		details: [2][]string{{
			"Im Telefoniemenü steht bei der Rufnummer ein roter Punkt statt einem grünen.",
			"Eingehende Anrufe landen direkt auf der Mailbox.",
			"Die SIP-Zugangsdaten habe ich aus dem Kundenportal übernommen.",
			"Wenn ich mit dem Handy die Festnetznummer anrufe, kommt nur „Kein Anschluss unter dieser Nummer“.",
			"Im Protokoll taucht immer wieder {code} auf.",
		}, {
			"In the telephony menu the number has a red dot instead of a green one.",
			"Incoming calls go straight to voicemail.",
			"I copied the SIP credentials from the customer portal.",
			"When I call the landline number from my mobile, I get \"number not in service\".",
			"The log keeps showing {code}.",
		}},
	},
	{ // Call quality.
		tag: "sprachqualitaet", cat: catTelefonie, fix: fxVoIP, w: 2, kinds: of(kPhone, kRouter), noCtx: ctxs(ctxPassword),
		titles: [2][]string{{
			"Gesprächspartner hört mich nicht – einseitige Sprachverbindung",
			"Schlechte Sprachqualität beim Telefonieren über {den}",
			"Telefonate brechen {ctx} nach {n} Minuten ab",
		}, {
			"Caller can't hear me – one-way audio",
			"Poor call quality on my {p}",
			"Calls drop after {n} minutes {ctx}",
		}},
		openers: [2][]string{{
			"Wenn ich über {meinen} telefoniere, höre ich den Gesprächspartner, er mich aber nicht.",
			"Die Sprachqualität ist {ctx} furchtbar, es knackt und ganze Wörter werden verschluckt.",
		}, {
			"When I make a call on my {p}, I can hear the other person but they can't hear me.",
			"Call quality has been awful {ctx}; it crackles and whole words get swallowed.",
		}},
		details: [2][]string{{
			"Das passiert sowohl bei Anrufen ins Festnetz als auch ins Mobilfunknetz.",
			"Nach genau {n} Minuten wird das Gespräch getrennt.",
			"Ich habe gelesen, dass es an SIP-ALG liegen könnte, finde die Einstellung aber nicht.",
		}, {
			"It happens on calls to landlines and to mobiles alike.",
			"After exactly {n} minutes the call gets cut off.",
			"I read that it could be SIP ALG, but I can't find the setting.",
		}},
	},
	{ // Incoming calls.
		tag: "anrufe", cat: catTelefonie, fix: fxVoIP, w: 3, kinds: of(kPhone, kRouter), noCtx: ctxs(ctxEvening, ctxPassword),
		titles: [2][]string{{
			"Telefon klingelt bei eingehenden Anrufen nicht",
			"Anrufer hören Freizeichen, bei mir klingelt nichts",
			"{p}: eingehende Anrufe gehen {ctx} nicht mehr durch",
		}, {
			"Phone doesn't ring on incoming calls",
			"Callers hear a ringing tone, but nothing rings here",
			"{P}: incoming calls don't get through {ctx}",
		}},
		openers: [2][]string{{
			"Ausgehende Anrufe über {meinen} funktionieren, aber {ctx} klingelt bei eingehenden Anrufen nichts mehr.",
			"Wer mich anruft, hört ein Freizeichen, bei mir klingelt aber nichts, und in der Anrufliste taucht auch nichts auf.",
		}, {
			"Outgoing calls on my {p} work, but {ctx} nothing rings when someone calls me.",
			"Anyone who calls me hears a ringing tone, but nothing rings here and nothing shows up in the call list.",
		}},
		details: [2][]string{{
			"Das DECT-Telefon ist korrekt an der Basis angemeldet.",
			"Eine Rufumleitung ist nicht eingerichtet, das habe ich geprüft.",
			"Die Rufnummer wird im Router als registriert angezeigt.",
		}, {
			"The DECT handset is registered to the base correctly.",
			"There's no call forwarding set up, I checked.",
			"The router shows the number as registered.",
		}},
	},
	{ // No mobile network.
		tag: "netz", cat: catMobilfunk, fix: fxMobile, w: 6, kinds: of(kSIM, kESIM, kHandset, kContract), noCtx: ctxs(ctxPassword),
		codes: [][2]string{{"Kein Netz", "No service"}, {"Nur Notrufe", "SOS only"}, {"SIM nicht bereitgestellt MM#2", "SIM not provisioned MM#2"}},
		titles: [2][]string{{
			"Kein Netz {ctx} – nur Notrufe möglich",
			"{p}: plötzlich kein Mobilfunkempfang mehr",
			"Handy zeigt {ctx} „{code}“ an",
			"Kein Netzempfang, obwohl andere Netze funktionieren",
		}, {
			"No service {ctx} – emergency calls only",
			"{P}: suddenly no mobile signal",
			"Phone shows \"{code}\" {ctx}",
			"No network even though other networks work",
		}},
		openers: [2][]string{{
			"{Ctx} habe ich mit {meinem} überhaupt kein Netz mehr, oben steht nur „{code}“.",
			"Mein Handy findet {ctx} kein Netz mehr, obwohl der Vertrag ganz normal läuft.",
		}, {
			"{Ctx} I've had no signal at all with my {p}; the status bar only says \"{code}\".",
			"My phone can't find a network {ctx}, even though the contract is running normally.",
		}},
		details: [2][]string{{
			"Die Netzsuche zeigt alle Anbieter an, aber beim eigenen Netz kommt „Registrierung fehlgeschlagen“.",
			"Mit der SIM-Karte meiner Frau funktioniert das Handy einwandfrei.",
			"Ich wohne mitten in der Stadt, an fehlender Netzabdeckung kann es also eigentlich nicht liegen.",
			"Die Rechnung ist bezahlt, eine Sperre sollte also nicht vorliegen.",
		}, {
			"The network search lists all providers, but selecting mine gives \"registration failed\".",
			"With my wife's SIM card the phone works fine.",
			"I live in the middle of town, so it can't really be a coverage problem.",
			"The bill is paid, so there shouldn't be a block on the line.",
		}},
	},
	{ // eSIM activation.
		tag: "aktivierung", cat: catMobilfunk, fix: fxESIM, w: 4, kinds: of(kESIM, kHandset), noCtx: ctxs(ctxEvening, ctxAbroad, ctxPassword),
		codes: [][2]string{{"Mobilfunktarif kann nicht hinzugefügt werden", "Cellular plan cannot be added"}, {"Aktivierungscode ungültig", "invalid activation code"}},
		titles: [2][]string{{
			"eSIM lässt sich nicht aktivieren",
			"QR-Code für die eSIM wird nicht akzeptiert",
			"eSIM-Umzug auf neues Handy gescheitert",
			"eSIM-Aktivierung {ctx}: „{code}“",
		}, {
			"eSIM won't activate",
			"QR code for the eSIM isn't accepted",
			"Moving my eSIM to a new phone failed",
			"eSIM activation {ctx}: \"{code}\"",
		}},
		openers: [2][]string{{
			"Ich versuche {ctx}, die eSIM zu aktivieren, aber nach dem Scannen des QR-Codes kommt nur „{code}“.",
			"Die eSIM-Aktivierung hängt bei „Wird aktiviert …“ und es passiert nichts mehr.",
		}, {
			"I'm trying to activate the eSIM {ctx}, but after scanning the QR code I only get \"{code}\".",
			"The eSIM activation is stuck on \"Activating…\" and nothing happens.",
		}},
		details: [2][]string{{
			"Der QR-Code kam per Post und ist laut Brief nur einmal verwendbar.",
			"Das Handy ist nicht gesperrt und unterstützt laut Hersteller eSIM.",
			"In der Service-App kann ich zwar eine neue eSIM anfordern, aber der Knopf ist ausgegraut.",
			"Meine alte physische SIM-Karte funktioniert seitdem auch nicht mehr.",
		}, {
			"The QR code came by post and according to the letter it can only be used once.",
			"The phone isn't locked and the manufacturer says it supports eSIM.",
			"The service app has an option to request a new eSIM, but the button is greyed out.",
			"My old physical SIM card has stopped working as well.",
		}},
	},
	{ // Slow or throttled mobile data.
		tag: "datenvolumen", cat: catMobilfunk, fix: fxMobileData, w: 5, kinds: of(kSIM, kESIM, kContract, kHandset), noCtx: ctxs(ctxPassword),
		blocks: []int{blkAPN},
		titles: [2][]string{{
			"Mobiles Internet {ctx} extrem langsam",
			"Gedrosselt, obwohl das Datenvolumen noch nicht verbraucht ist",
			"5G-Symbol da, aber kaum Datenverbindung",
			"{p}: Datenvolumen wird viel zu schnell verbraucht",
		}, {
			"Mobile data extremely slow {ctx}",
			"Throttled even though my data allowance isn't used up",
			"5G icon showing but barely any data",
			"{P}: data allowance being used up far too fast",
		}},
		openers: [2][]string{{
			"Das mobile Internet ist {ctx} quälend langsam, Seiten laden kaum und WhatsApp-Bilder hängen.",
			"Laut App habe ich noch {n} GB Datenvolumen übrig, trotzdem fühlt es sich an, als wäre ich gedrosselt.",
		}, {
			"Mobile data has been painfully slow {ctx}; pages barely load and WhatsApp pictures hang.",
			"The app says I still have {n} GB of data left, but it feels like I'm being throttled.",
		}},
		details: [2][]string{{
			"Ein Speedtest ergibt gerade mal 0,3 Mbit/s im Download.",
			"Das Handy zeigt volle Balken und 5G an, es kommt aber kaum etwas durch.",
			"Die Datenautomatik habe ich abbestellt, vielleicht hängt es damit zusammen?",
			"Im WLAN zu Hause läuft alles schnell, nur unterwegs ist es so schlimm.",
		}, {
			"A speed test shows a mere 0.3 Mbit/s download.",
			"The phone shows full bars and 5G, but hardly anything gets through.",
			"I cancelled the automatic data top-up, could that be related?",
			"On the Wi-Fi at home everything is fast, it's only this bad when I'm out.",
		}},
	},
	{ // Roaming.
		tag: "roaming", cat: catMobilfunk, fix: fxRoaming, w: 3, kinds: of(kSIM, kESIM, kContract, kHandset), noCtx: ctxs(ctxEvening, ctxPassword, ctxMove),
		titles: [2][]string{{
			"Roaming funktioniert im Ausland nicht",
			"Im Urlaub kein mobiles Internet – Datenroaming ist an",
			"Roaming-Kosten auf der Rechnung, obwohl ich in der EU war",
		}, {
			"Roaming not working abroad",
			"No mobile data on holiday – data roaming is on",
			"Roaming charges on my bill even though I was in the EU",
		}},
		openers: [2][]string{{
			"Ich bin gerade in Italien und habe mit {meinem} zwar Netz, aber keine Datenverbindung.",
			"Im Urlaub in Spanien konnte ich weder telefonieren noch surfen, obwohl Datenroaming aktiviert war.",
		}, {
			"I'm in Italy right now and have signal with my {p}, but no data connection.",
			"On holiday in Spain I couldn't make calls or use data, even though data roaming was switched on.",
		}},
		details: [2][]string{{
			"Die Netzwahl habe ich schon von automatisch auf manuell umgestellt.",
			"Die APN-Einstellungen habe ich nicht verändert.",
			"Eine SMS mit den Roaming-Preisen kam direkt nach der Landung.",
			"Auf der letzten Rechnung stehen plötzlich Roaming-Gebühren.",
		}, {
			"I've already switched network selection from automatic to manual.",
			"I haven't changed the APN settings.",
			"I got a text with the roaming prices right after landing.",
			"My last bill suddenly has roaming charges on it.",
		}},
	},
	{ // SIM locked, PIN and PUK.
		tag: "pin-puk", cat: catMobilfunk, fix: fxSIM, w: 3, kinds: of(kSIM), noCtx: ctxs(ctxEvening, ctxPassword),
		codes: [][2]string{{"SIM gesperrt", "SIM locked"}, {"PUK erforderlich", "PUK required"}, {"Keine SIM-Karte", "No SIM card"}},
		titles: [2][]string{{
			"SIM-Karte gesperrt – PUK verloren",
			"PIN dreimal falsch eingegeben, was nun?",
			"{p} wird {ctx} nicht mehr erkannt",
		}, {
			"SIM card locked – lost my PUK",
			"Entered the PIN wrong three times, what now?",
			"{P} not recognised any more {ctx}",
		}},
		openers: [2][]string{{
			"Ich habe die PIN dreimal falsch eingegeben und jetzt verlangt das Handy den PUK.",
			"Das Handy meldet {ctx} „{code}“, obwohl {der} ganz normal im Fach steckt.",
		}, {
			"I entered the PIN wrong three times and now the phone is asking for the PUK.",
			"{Ctx} the phone says \"{code}\" even though the {p} is sitting in the tray as usual.",
		}},
		details: [2][]string{{
			"Der Brief mit PIN und PUK ist beim Umzug leider verloren gegangen.",
			"In der Service-App komme ich ohne SMS-Bestätigung nicht weiter, die kann ich aber gerade nicht empfangen.",
			"Eine Ersatzkarte würde ich notfalls auch bestellen.",
		}, {
			"Unfortunately the letter with the PIN and PUK got lost when we moved.",
			"The service app wants an SMS confirmation, which I can't receive right now.",
			"I'd order a replacement card if I have to.",
		}},
	},
	{ // Number porting.
		tag: "rufnummernmitnahme", cat: catVertrag, fix: fxPorting, w: 3, kinds: of(kContract, kSIM), noCtx: ctxs(ctxEvening, ctxPassword, ctxOSUpdate, ctxNewPhone, ctxAbroad),
		titles: [2][]string{{
			"Rufnummernmitnahme hängt seit Wochen",
			"Portierung der Rufnummer fehlgeschlagen",
			"Rufnummernmitnahme {ctx}: alte Nummer weg, neue geht nicht",
		}, {
			"Number porting stuck for weeks",
			"Porting my number failed",
			"Porting my number {ctx}: old number gone, new one doesn't work",
		}},
		openers: [2][]string{{
			"Ich habe bei Vertragsabschluss die Mitnahme meiner alten Rufnummer beauftragt, aber es tut sich seit Wochen nichts.",
			"Beim Anbieterwechsel sollte meine Nummer portiert werden, jetzt bin ich unter keiner Nummer mehr erreichbar.",
		}, {
			"I asked for my old number to be ported when I signed the contract, but nothing has happened for weeks.",
			"My number was supposed to be ported when I switched providers, and now I can't be reached on any number.",
		}},
		details: [2][]string{{
			"Der alte Anbieter sagt, die Freigabe sei längst erteilt.",
			"Im Kundenportal steht seit zehn Tagen „Portierung in Bearbeitung“.",
			"Die Nummer brauche ich beruflich, es ist also wirklich dringend.",
		}, {
			"The old provider says they released the number ages ago.",
			"The customer portal has said \"porting in progress\" for ten days.",
			"I need the number for work, so it really is urgent.",
		}},
	},
	{ // TV stutters.
		tag: "ruckeln", cat: catTV, fix: fxTV, w: 6, kinds: of(kTVDevice, kTVApp), noCtx: ctxs(ctxPassword),
		titles: [2][]string{{
			"Bild ruckelt {ctx} ständig",
			"{p}: Streams puffern alle paar Minuten",
			"Live-TV hängt und der Ton ist asynchron",
			"Ruckeln und Pixelfehler beim Fernsehen über {den}",
		}, {
			"Picture keeps stuttering {ctx}",
			"{P}: streams buffer every few minutes",
			"Live TV freezes and audio is out of sync",
			"Stuttering and pixelation when watching TV on my {p}",
		}},
		openers: [2][]string{{
			"Beim Fernsehen über {meinen} ruckelt das Bild {ctx} ständig, teilweise friert es für Sekunden ein.",
			"{Ctx} puffert {der} alle paar Minuten, vor allem bei Fußballübertragungen.",
		}, {
			"When watching TV on my {p} the picture keeps stuttering {ctx}, sometimes it freezes for seconds.",
			"{Ctx} the {p} buffers every few minutes, especially during football matches.",
		}},
		details: [2][]string{{
			"Die Internetverbindung an sich ist schnell genug, der Speedtest zeigt {mbit} Mbit/s.",
			"Besonders betroffen sind die HD-Sender, bei SD-Sendern ist es besser.",
			"Der Receiver hängt per WLAN am Router, ein LAN-Kabel zu legen ist schwierig.",
			"Der Ton läuft teilweise weiter, während das Bild stehen bleibt.",
		}, {
			"The internet connection itself is fast enough, the speed test shows {mbit} Mbit/s.",
			"It's mostly the HD channels, SD channels are better.",
			"The receiver is on Wi-Fi, running a LAN cable is difficult here.",
			"Sometimes the sound keeps going while the picture is frozen.",
		}},
	},
	{ // TV app errors.
		tag: "fehlermeldung", cat: catTV, fix: fxTVApp, w: 5, kinds: of(kTVApp, kTVDevice), noCtx: ctxs(ctxRain),
		codes:  [][2]string{{"Fehler 503", "Error 503"}, {"Fehler 0x80070005", "Error 0x80070005"}, {"Dienst vorübergehend nicht verfügbar", "Service temporarily unavailable"}, {"Fehlercode 1004", "error code 1004"}},
		blocks: []int{blkTVErr},
		titles: [2][]string{{
			"{p} startet nicht: {code}",
			"Fehlermeldung beim Öffnen der TV-App {ctx}",
			"Anmeldung in der TV-App schlägt {ctx} fehl",
			"„{code}“ beim Abspielen von Sendungen",
		}, {
			"{P} won't start: {code}",
			"Error when opening the TV app {ctx}",
			"Can't sign in to the TV app {ctx}",
			"\"{code}\" when playing shows",
		}},
		openers: [2][]string{{
			"Wenn ich {den} starte, kommt {ctx} nur die Meldung „{code}“.",
			"{Ctx} kann ich mich in der TV-App nicht mehr anmelden, es erscheint jedes Mal {code}.",
		}, {
			"When I start the {p} {ctx}, all I get is the message \"{code}\".",
			"{Ctx} I can't sign in to the TV app any more; I get {code} every time.",
		}},
		details: [2][]string{{
			"Auf dem Handy funktioniert die App mit denselben Zugangsdaten problemlos.",
			"Die App ist auf dem neuesten Stand, ein Update wird nicht angeboten.",
			"Das Problem tritt auf dem Fernseher und auf dem Tablet gleichermaßen auf.",
			"Vorgestern lief noch alles, geändert habe ich nichts.",
		}, {
			"On my phone the app works fine with the same login.",
			"The app is up to date, no update is offered.",
			"It happens on the TV and on the tablet alike.",
			"It all worked the day before yesterday and I haven't changed anything.",
		}},
	},
	{ // Channels missing.
		tag: "senderliste", cat: catTV, fix: fxChannels, w: 3, kinds: of(kTVDevice, kTVApp), noCtx: ctxs(ctxEvening, ctxRain, ctxPassword),
		titles: [2][]string{{
			"Sender fehlen {ctx} in der Senderliste",
			"HD-Sender plötzlich nicht mehr verfügbar",
			"{p}: Senderliste leer nach dem Sendersuchlauf",
		}, {
			"Channels missing from the channel list {ctx}",
			"HD channels suddenly unavailable",
			"{P}: channel list empty after a channel scan",
		}},
		openers: [2][]string{{
			"{Ctx} fehlen bei mir mehrere Sender, unter anderem alle Dritten Programme.",
			"Bei {meinem} sind die HD-Sender {ctx} verschwunden, es kommt nur „Dieser Sender ist in Ihrem Paket nicht enthalten“.",
		}, {
			"{Ctx} several channels have been missing, including all the regional ones.",
			"The HD channels on my {p} have disappeared {ctx}; it just says \"This channel is not included in your package\".",
		}},
		details: [2][]string{{
			"Einen neuen Sendersuchlauf habe ich schon zweimal gemacht.",
			"Das HD-Paket ist laut Rechnung weiterhin gebucht.",
			"Die Sortierung der Senderliste ist auch komplett durcheinander.",
		}, {
			"I've already run a new channel scan twice.",
			"According to the bill the HD package is still booked.",
			"The channel order is completely messed up as well.",
		}},
	},
	{ // Bill too high.
		tag: "rechnungsbetrag", cat: catRechnung, fix: fxBill, w: 7, kinds: of(kBill), noCtx: ctxs(ctxEvening, ctxRain),
		titles: [2][]string{{
			"Rechnungsbetrag {ctx} deutlich zu hoch",
			"Doppelte Abbuchung auf der Rechnung",
			"Unbekannte Drittanbieterkosten auf {dem}",
			"Warum ist der Rechnungsbetrag plötzlich {n}0 Euro höher?",
		}, {
			"Bill much too high {ctx}",
			"Charged twice on my bill",
			"Unknown third-party charges on my {p}",
			"Why is my bill suddenly {n}0 euros higher?",
		}},
		openers: [2][]string{{
			"Der Rechnungsbetrag ist {ctx} um {n}0 Euro höher als sonst, ohne dass ich etwas geändert habe.",
			"Auf {meinem} taucht {ctx} ein Posten „Drittanbieter“ auf, den ich mir nicht erklären kann.",
		}, {
			"My bill has been {n}0 euros higher than usual {ctx}, without me changing anything.",
			"There's an item called \"third-party services\" on my {p} {ctx} that I can't explain.",
		}},
		details: [2][]string{{
			"Laut Vertrag zahle ich {n}9,99 Euro im Monat.",
			"Eine Drittanbietersperre hatte ich eigentlich eingerichtet.",
			"Im Einzelverbindungsnachweis finde ich keine ungewöhnlichen Verbindungen.",
			"Außerdem wurde der Betrag zweimal von meinem Konto abgebucht.",
		}, {
			"According to my contract I pay {n}9.99 euros a month.",
			"I had actually set up a third-party block.",
			"I can't find any unusual calls in the itemised bill.",
			"On top of that the amount was taken from my account twice.",
		}},
	},
	{ // Bill not received, PDF.
		tag: "online-rechnung", cat: catRechnung, fix: fxBillPortal, w: 3, kinds: of(kBill), noCtx: ctxs(ctxEvening, ctxRain, ctxAbroad),
		titles: [2][]string{{
			"Rechnung {ctx} nicht mehr per E-Mail erhalten",
			"Rechnung als PDF im Kundenportal nicht abrufbar",
			"Wo finde ich die Rechnungen der letzten Monate?",
		}, {
			"Not receiving my bill by email {ctx}",
			"Can't download the bill PDF in the customer portal",
			"Where can I find the bills for the last few months?",
		}},
		openers: [2][]string{{
			"{Ctx} bekomme ich keine Rechnung mehr per E-Mail, obwohl die Adresse stimmt.",
			"Wenn ich im Kundenportal die Rechnung als PDF herunterladen will, kommt nur eine leere Seite.",
		}, {
			"{Ctx} I haven't been getting my bill by email, even though the address is correct.",
			"When I try to download the bill as a PDF in the customer portal, I just get a blank page.",
		}},
		details: [2][]string{{
			"Für die Steuererklärung brauche ich die Rechnungen von diesem Jahr.",
			"Im Spam-Ordner ist auch nichts gelandet.",
			"Der Download bricht mit „Dokument nicht verfügbar“ ab.",
		}, {
			"I need this year's bills for my tax return.",
			"Nothing has ended up in the spam folder either.",
			"The download stops with \"document not available\".",
		}},
	},
	{ // Direct debit and reminders.
		tag: "mahnung", cat: catRechnung, fix: fxPayment, w: 4, kinds: of(kPayment, kBill), noCtx: ctxs(ctxEvening, ctxRain, ctxAbroad),
		titles: [2][]string{{
			"Rücklastschrift und Mahngebühr, obwohl das Konto gedeckt war",
			"Lastschrift {ctx} nicht eingezogen – jetzt eine Mahnung",
			"Bankverbindung ändern für {den}",
		}, {
			"Returned direct debit and a late fee although my account had funds",
			"Direct debit not collected {ctx} – now a payment reminder",
			"Changing bank details for the {p}",
		}},
		openers: [2][]string{{
			"Ich habe {ctx} eine Mahnung bekommen, weil die Lastschrift angeblich zurückgegangen ist.",
			"Die Lastschrift wurde {ctx} nicht eingezogen, und jetzt soll ich {n},50 Euro Mahngebühr zahlen.",
		}, {
			"I got a payment reminder {ctx} because the direct debit was supposedly returned.",
			"The direct debit wasn't collected {ctx}, and now I'm supposed to pay a {n}.50 euro late fee.",
		}},
		details: [2][]string{{
			"Auf meinem Kontoauszug ist keine Rücklastschrift zu sehen.",
			"Die neue IBAN habe ich rechtzeitig im Kundenportal hinterlegt.",
			"Die Bank sagt, es sei gar keine Abbuchung versucht worden.",
		}, {
			"There's no returned debit on my bank statement.",
			"I entered the new IBAN in the customer portal in good time.",
			"The bank says no debit was even attempted.",
		}},
	},
	{ // Credit missing.
		tag: "gutschrift", cat: catRechnung, fix: fxBill, w: 2, kinds: of(kBill), noCtx: ctxs(ctxEvening, ctxRain, ctxAbroad),
		titles: [2][]string{{
			"Zugesagte Gutschrift fehlt auf der Rechnung",
			"Gutschrift für den Ausfall {ctx} nicht erhalten",
		}, {
			"Promised credit missing from my bill",
			"No credit for the outage {ctx}",
		}},
		openers: [2][]string{{
			"Mir wurde am Telefon eine Gutschrift für den Ausfall zugesagt, auf der aktuellen Rechnung steht davon aber nichts.",
			"Nach dem tagelangen Ausfall sollte ich eine Entschädigung bekommen, bisher ist nichts passiert.",
		}, {
			"I was promised a credit for the outage on the phone, but there's nothing about it on the current bill.",
			"After the outage that lasted several days I was supposed to get compensation, but nothing has happened.",
		}},
		details: [2][]string{{
			"Der Anschluss war insgesamt {n} Tage komplett tot.",
			"Eine schriftliche Bestätigung der Gutschrift habe ich leider nicht.",
			"Laut Telekommunikationsgesetz steht mir doch eine Entschädigung zu, oder?",
		}, {
			"The line was completely dead for {n} days in total.",
			"Unfortunately I don't have the credit confirmed in writing.",
			"Under the telecoms law I'm entitled to compensation, aren't I?",
		}},
	},
	{ // Password reset.
		tag: "passwort", cat: catKonto, fix: fxPassword, w: 6, kinds: of(kAccount, kMail), noCtx: ctxs(ctxEvening),
		titles: [2][]string{{
			"Passwort vergessen – E-Mail zum Zurücksetzen kommt nicht an",
			"Passwortänderung für {den} funktioniert nicht",
			"Passwort zurücksetzen {ctx} nicht möglich",
			"Neues Passwort wird nicht akzeptiert",
		}, {
			"Forgot password – reset email never arrives",
			"Password change for my {p} doesn't work",
			"Can't reset my password {ctx}",
			"New password not accepted",
		}},
		openers: [2][]string{{
			"Ich habe mein Passwort für {den} vergessen und auf „Passwort zurücksetzen“ geklickt, aber die E-Mail kommt nie an.",
			"{Ctx} kann ich mein Passwort nicht mehr ändern, die Seite meldet immer „Das Passwort entspricht nicht den Richtlinien“.",
		}, {
			"I forgot the password for my {p} and clicked \"reset password\", but the email never arrives.",
			"{Ctx} I can't change my password any more; the page always says \"The password does not meet the requirements\".",
		}},
		details: [2][]string{{
			"Im Spam-Ordner habe ich natürlich auch nachgesehen.",
			"Das neue Passwort hat zwölf Zeichen, Sonderzeichen und Zahlen.",
			"Die hinterlegte Handynummer ist veraltet, deshalb klappt auch die SMS nicht.",
			"Nach dreimaliger Falscheingabe ist das Konto jetzt vorübergehend gesperrt.",
		}, {
			"Of course I checked the spam folder too.",
			"The new password has twelve characters, special characters and numbers.",
			"The mobile number on file is out of date, so the SMS doesn't work either.",
			"After three wrong attempts the account is now temporarily locked.",
		}},
	},
	{ // Login fails.
		tag: "login", cat: catKonto, fix: fxLogin, w: 6, kinds: of(kAccount, kMail), noCtx: ctxs(ctxEvening),
		codes: [][2]string{{"Fehler 0x80070005", "error 0x80070005"}, {"Fehler 401", "error 401"}, {"Fehler 503", "error 503"}},
		titles: [2][]string{{
			"Login {ctx} nicht möglich: {code}",
			"{p}: Anmeldung schlägt immer fehl",
			"Konto nach mehreren Login-Versuchen gesperrt",
			"Anmeldung geht {ctx} nicht mehr – {code}",
		}, {
			"Can't log in {ctx}: {code}",
			"{P}: sign-in always fails",
			"Account locked after several login attempts",
			"Login stopped working {ctx} – {code}",
		}},
		openers: [2][]string{{
			"{Ctx} komme ich nicht mehr in {meinen}, nach der Anmeldung kommt nur {code}.",
			"Der Login schlägt {ctx} immer fehl, obwohl Benutzername und Passwort definitiv stimmen.",
		}, {
			"{Ctx} I can't get into my {p}; after logging in I only get {code}.",
			"Logging in fails every time {ctx}, even though the username and password are definitely right.",
		}},
		details: [2][]string{{
			"Im Browser und in der App passiert dasselbe.",
			"Cookies und Cache habe ich gelöscht, auch ein anderer Browser hilft nicht.",
			"Zuletzt stand da „Zu viele Anmeldeversuche, bitte später erneut versuchen“.",
			"Unter Windows meldet das Programm außerdem {code}.",
		}, {
			"The same happens in the browser and in the app.",
			"I've cleared cookies and cache, a different browser doesn't help either.",
			"The last time it said \"Too many login attempts, please try again later\".",
			"On Windows the program also reports {code}.",
		}},
	},
	{ // Two-factor codes.
		tag: "zwei-faktor", cat: catKonto, fix: fx2FA, w: 3, kinds: of(kAccount), noCtx: ctxs(ctxEvening),
		titles: [2][]string{{
			"SMS-Code für die Anmeldung kommt nicht an",
			"Zwei-Faktor-Authentifizierung: kein Bestätigungscode",
			"Bestätigungscode {ctx} nicht erhalten",
		}, {
			"SMS code for login never arrives",
			"Two-factor authentication: no verification code",
			"Not receiving the verification code {ctx}",
		}},
		openers: [2][]string{{
			"Beim Login in {meinen} soll ich einen Bestätigungscode per SMS eingeben, der kommt aber {ctx} nicht an.",
			"Die Zwei-Faktor-Anmeldung funktioniert {ctx} nicht mehr, weder per SMS noch per App.",
		}, {
			"When I log in to my {p} I'm asked for a verification code by SMS, but {ctx} it never arrives.",
			"Two-factor login has stopped working {ctx}, neither by SMS nor by app.",
		}},
		details: [2][]string{{
			"Andere SMS kommen ganz normal an.",
			"Die Handynummer im Konto ist korrekt hinterlegt.",
			"Ohne den Code komme ich auch nicht an meine Rechnungen.",
		}, {
			"Other text messages arrive normally.",
			"The mobile number in the account is correct.",
			"Without the code I can't get to my bills either.",
		}},
	},
	{ // Mail client setup.
		tag: "e-mail", cat: catKonto, fix: fxMail, w: 4, kinds: of(kMail), noCtx: ctxs(ctxEvening),
		codes:  [][2]string{{"0x800CCC0E", "0x800CCC0E"}, {"0x800CCC92", "0x800CCC92"}, {"535 Authentication failed", "535 Authentication failed"}},
		blocks: []int{blkMail},
		titles: [2][]string{{
			"E-Mails lassen sich nicht mehr versenden ({code})",
			"IMAP- und SMTP-Einstellungen für das E-Mail-Postfach?",
			"Outlook meldet {ctx} den Fehler {code}",
		}, {
			"Can't send emails any more ({code})",
			"IMAP and SMTP settings for the mailbox?",
			"Outlook shows error {code} {ctx}",
		}},
		openers: [2][]string{{
			"{Ctx} kann ich in Outlook zwar E-Mails empfangen, aber nicht mehr versenden, es kommt {code}.",
			"Ich möchte {meinen} in Thunderbird einrichten und bin mir bei den Servereinstellungen unsicher.",
		}, {
			"{Ctx} I can still receive emails in Outlook but not send them; I get {code}.",
			"I'd like to set up my {p} in Thunderbird and I'm not sure about the server settings.",
		}},
		details: [2][]string{{
			"Der Postausgangsserver steht auf Port 587 mit STARTTLS.",
			"Im Webmailer funktioniert alles einwandfrei.",
			"Auf dem Handy klappt der Versand seltsamerweise.",
		}, {
			"The outgoing server is set to port 587 with STARTTLS.",
			"Everything works fine in webmail.",
			"Oddly enough, sending works on my phone.",
		}},
	},
	{ // Account compromised.
		tag: "sicherheit", cat: catKonto, fix: fxHacked, w: 2, kinds: of(kAccount, kMail), noCtx: ctxs(ctxEvening, ctxPassword),
		titles: [2][]string{{
			"Verdächtige Anmeldung {beim}",
			"Konto gehackt? Unbekannte Änderungen {ctx}",
			"Mein E-Mail-Konto verschickt Spam",
		}, {
			"Suspicious sign-in to my {p}",
			"Account hacked? Unknown changes {ctx}",
			"My email account is sending spam",
		}},
		openers: [2][]string{{
			"Ich habe {ctx} eine Benachrichtigung über eine Anmeldung aus einem anderen Land bekommen, die definitiv nicht von mir war.",
			"In {meinem} wurden {ctx} Einstellungen geändert, die ich nicht vorgenommen habe.",
		}, {
			"{Ctx} I got a notification about a sign-in from another country that definitely wasn't me.",
			"Settings in my {p} have been changed {ctx} that I didn't make.",
		}},
		details: [2][]string{{
			"Das Passwort habe ich sofort geändert.",
			"Freunde haben von meiner Adresse merkwürdige E-Mails mit Links bekommen.",
			"Die Zwei-Faktor-Anmeldung hatte ich bisher nicht aktiviert.",
		}, {
			"I changed the password straight away.",
			"Friends got strange emails with links from my address.",
			"I hadn't switched on two-factor login yet.",
		}},
	},
	{ // Cancellation.
		tag: "kuendigung", cat: catVertrag, fix: fxCancel, w: 5, kinds: of(kContract, kLine, kTVApp), noCtx: ctxs(ctxEvening, ctxRain, ctxStorm, ctxFirmware, ctxPassword, ctxOSUpdate, ctxHomeOffice),
		titles: [2][]string{{
			"Kündigung nicht bestätigt",
			"Kündigungsbestätigung für {den} fehlt",
			"Sonderkündigungsrecht {ctx}?",
			"Vertrag gekündigt, trotzdem wird weiter abgebucht",
		}, {
			"Cancellation not confirmed",
			"No cancellation confirmation for my {p}",
			"Right to cancel early {ctx}?",
			"Contract cancelled but still being charged",
		}},
		openers: [2][]string{{
			"Ich habe {den} vor vier Wochen fristgerecht gekündigt, aber bis heute keine Kündigungsbestätigung erhalten.",
			"{Ctx} würde ich gern vorzeitig kündigen und frage mich, ob ich ein Sonderkündigungsrecht habe.",
		}, {
			"I cancelled my {p} on time four weeks ago, but I still haven't received a confirmation.",
			"{Ctx} I'd like to cancel early and I'm wondering whether I have a special right to cancel.",
		}},
		details: [2][]string{{
			"Die Kündigung ging per Einschreiben raus, den Beleg habe ich noch.",
			"Laut Vertrag beträgt die Kündigungsfrist einen Monat.",
			"Im Kundenportal wird der Vertrag weiterhin als aktiv angezeigt.",
			"Die Hotline wollte mich nur mit einem Rabatt zum Bleiben überreden.",
		}, {
			"I sent the cancellation by registered mail and still have the receipt.",
			"According to the contract the notice period is one month.",
			"The customer portal still shows the contract as active.",
			"The hotline just tried to talk me into staying with a discount.",
		}},
	},
	{ // Moving house.
		tag: "umzug", cat: catVertrag, fix: fxMove, w: 4, kinds: of(kLine), noCtx: ctxs(ctxEvening, ctxRain, ctxStorm, ctxFirmware, ctxMove, ctxRouterSwap, ctxHomeOffice),
		titles: [2][]string{{
			"Umzug mit {dem} – wie lange dauert die Umstellung?",
			"Umzugsauftrag seit Wochen nicht bearbeitet",
			"Nach dem Umzug noch kein Bereitstellungstermin",
		}, {
			"Moving house with my {p} – how long does the switchover take?",
			"Moving order not processed for weeks",
			"Still no activation date after moving",
		}},
		openers: [2][]string{{
			"Wir ziehen nächsten Monat um und haben den Umzug unseres Anschlusses vor drei Wochen beauftragt, seitdem ist nichts passiert.",
			"Seit dem Umzug warten wir auf die Freischaltung, in der neuen Wohnung geht noch gar nichts.",
		}, {
			"We're moving next month and requested the move of our {p} three weeks ago, but nothing has happened since.",
			"Since moving we've been waiting for activation; nothing works in the new flat yet.",
		}},
		details: [2][]string{{
			"Laut Verfügbarkeitsprüfung ist an der neuen Adresse sogar Glasfaser möglich.",
			"Ohne Internet kann ich nicht im Homeoffice arbeiten.",
			"Die Auftragsbestätigung kam per E-Mail, einen Termin nennt sie aber nicht.",
		}, {
			"According to the availability check, fibre is even available at the new address.",
			"Without internet I can't work from home.",
			"The order confirmation came by email, but it doesn't give a date.",
		}},
	},
	{ // Plan change.
		tag: "tarifwechsel", cat: catVertrag, fix: fxTariff, w: 3, kinds: of(kLine, kContract), noCtx: ctxs(ctxEvening, ctxRain, ctxStorm, ctxFirmware, ctxTariff, ctxPassword, ctxOSUpdate),
		titles: [2][]string{{
			"Tarifwechsel wird nicht umgesetzt",
			"Nach dem Tarifwechsel immer noch die alte Geschwindigkeit",
			"Upgrade auf {mbit} Mbit/s – wann wird umgestellt?",
		}, {
			"Plan change not being applied",
			"Still the old speed after changing plans",
			"Upgrade to {mbit} Mbit/s – when does it switch over?",
		}},
		openers: [2][]string{{
			"Ich habe vor zwei Wochen ein Upgrade auf {mbit} Mbit/s gebucht, aber {der} läuft immer noch mit der alten Geschwindigkeit.",
			"Der Tarifwechsel sollte laut Bestätigung zum Monatsersten wirksam werden, auf der Rechnung steht aber noch der alte Preis.",
		}, {
			"I booked an upgrade to {mbit} Mbit/s two weeks ago, but my {p} is still running at the old speed.",
			"According to the confirmation the plan change was due on the first of the month, but the bill still shows the old price.",
		}},
		details: [2][]string{{
			"Ein Neustart des Routers wurde mir von der Hotline empfohlen, hat aber nichts geändert.",
			"Im Kundenportal wird der neue Tarif schon angezeigt.",
			"Eigentlich sollte es dadurch sogar günstiger werden.",
		}, {
			"The hotline recommended restarting the router, but it didn't change anything.",
			"The customer portal already shows the new plan.",
			"It was actually supposed to get cheaper.",
		}},
	},
	{ // Technician and activation.
		tag: "techniker", cat: catInternet, fix: fxTech, w: 4, kinds: of(kLine), noCtx: ctxs(ctxEvening, ctxRain, ctxStorm, ctxFirmware, ctxPassword, ctxRouterSwap, ctxHomeOffice),
		titles: [2][]string{{
			"Techniker-Termin geplatzt, niemand gekommen",
			"{p} {ctx} noch nicht freigeschaltet",
			"Bereitstellungstermin verstrichen – Anschluss tot",
		}, {
			"Technician appointment missed, nobody showed up",
			"{P} still not activated {ctx}",
			"Activation date passed – line dead",
		}},
		openers: [2][]string{{
			"Für heute war ein Techniker-Termin zwischen 8 und 13 Uhr angekündigt, ich habe den ganzen Vormittag gewartet und niemand kam.",
			"Der Bereitstellungstermin für {den} war vor {n} Tagen, seitdem leuchtet am Router nur die Power-LED.",
		}, {
			"A technician was booked for today between 8 am and 1 pm; I waited all morning and nobody came.",
			"The activation date for my {p} was {n} days ago, and since then only the power light is on at the router.",
		}},
		details: [2][]string{{
			"Der Hausanschluss ist laut Vermieter vorhanden.",
			"Eine Absage oder einen neuen Termin habe ich nicht bekommen.",
			"Ich habe extra einen Tag Urlaub genommen.",
		}, {
			"The landlord says the building connection is in place.",
			"I didn't get a cancellation or a new appointment.",
			"I took a day off work especially.",
		}},
	},
	{ // Regional outage.
		tag: "stoerung", cat: catInternet, fix: fxOutage, w: 6, kinds: of(kLine), noCtx: ctxs(ctxPassword, ctxTariff, ctxPriceRise),
		titles: [2][]string{{
			"Großstörung in {ort}?",
			"Störung {ctx} – ist noch jemand betroffen?",
			"Ausfall in {ort}: Internet und Telefon weg",
		}, {
			"Major outage in {ort}?",
			"Outage {ctx} – anyone else affected?",
			"Outage in {ort}: internet and phone down",
		}},
		openers: [2][]string{{
			"Bei uns in {ort} geht {ctx} gar nichts mehr, und die Nachbarn haben das gleiche Problem.",
			"Ist in {ort} gerade eine Störung bekannt? Die Störungsauskunft zeigt nichts an, aber bei uns ist alles tot.",
		}, {
			"Here in {ort} nothing has worked {ctx}, and the neighbours have the same problem.",
			"Is there a known outage in {ort} right now? The outage checker shows nothing, but everything is dead here.",
		}},
		details: [2][]string{{
			"Die Hotline ist völlig überlastet, ich hänge seit {n}0 Minuten in der Warteschleife.",
			"Vorne an der Straße wird seit Tagen gebaut, vielleicht wurde ein Kabel beschädigt.",
			"Eine Ticketnummer habe ich bekommen, aber keinen Zeitpunkt für die Behebung.",
			"Auf den einschlägigen Störungsseiten sieht man eine deutliche Häufung in unserer Gegend.",
		}, {
			"The hotline is completely overloaded, I've been on hold for {n}0 minutes.",
			"There have been roadworks out front for days, maybe a cable got damaged.",
			"I got a ticket number, but no time for the fix.",
			"The usual outage sites show a clear cluster in our area.",
		}},
	},
	{ // Ping and packet loss.
		tag: "ping", cat: catInternet, fix: fxPing, w: 3, kinds: of(kLine, kRouter), noCtx: ctxs(ctxPassword),
		blocks: []int{blkPing, blkTrace},
		titles: [2][]string{{
			"Hoher Ping und Paketverlust {ctx}",
			"Lags beim Online-Gaming über {den}",
			"Latenz schwankt extrem – {p}",
		}, {
			"High ping and packet loss {ctx}",
			"Lag when gaming online over my {p}",
			"Latency fluctuating wildly – {p}",
		}},
		openers: [2][]string{{
			"Beim Online-Gaming habe ich {ctx} ständig Lags, der Ping springt von 20 auf über 300 ms.",
			"Laut PingPlotter gibt es {ctx} regelmäßig Paketverlust, schon beim ersten Hop nach {dem}.",
		}, {
			"I keep getting lag when gaming online {ctx}; the ping jumps from 20 to over 300 ms.",
			"PingPlotter shows regular packet loss {ctx}, already at the first hop after the {p}.",
		}},
		details: [2][]string{{
			"Per LAN-Kabel ist es genauso wie per WLAN.",
			"Downloads laufen dabei mit voller Geschwindigkeit.",
			"Besonders schlimm ist es zwischen 19 und 23 Uhr.",
		}, {
			"It's the same over a LAN cable as over Wi-Fi.",
			"Downloads run at full speed at the same time.",
			"It's particularly bad between 7 and 11 pm.",
		}},
	},
	{ // Repeater and mesh pairing.
		tag: "mesh", cat: catInternet, fix: fxMesh, w: 4, kinds: of(kRepeater), noCtx: ctxs(ctxRain),
		titles: [2][]string{{
			"{p} verbindet sich nicht mit dem Router",
			"Mesh-Verbund {ctx} aufgelöst",
			"WPS-Kopplung mit {dem} klappt nicht",
		}, {
			"{P} won't connect to the router",
			"Mesh network broken up {ctx}",
			"WPS pairing with my {p} doesn't work",
		}},
		openers: [2][]string{{
			"{Mein} lässt sich {ctx} nicht mehr mit dem Router koppeln, die WLAN-LED blinkt nur orange.",
			"Der Mesh-Verbund zwischen Router und {dem} ist {ctx} weg, die Geräte hängen jetzt alle direkt am Router.",
		}, {
			"My {p} won't pair with the router any more {ctx}; the Wi-Fi light just flashes orange.",
			"The mesh link between the router and the {p} has been gone {ctx}; all devices now connect straight to the router.",
		}},
		details: [2][]string{{
			"Per WPS-Taste habe ich es mehrfach versucht, immer mit dem gleichen Ergebnis.",
			"Der Abstand zum Router beträgt nur etwa acht Meter.",
			"In der Mesh-Übersicht taucht das Gerät gar nicht mehr auf.",
		}, {
			"I've tried the WPS button several times, always with the same result.",
			"It's only about eight metres from the router.",
			"The device doesn't even show up in the mesh overview any more.",
		}},
	},
	{ // Price increase.
		tag: "preiserhoehung", cat: catVertrag, fix: fxPrice, w: 3, kinds: of(kContract, kLine, kTVApp, kBill), noCtx: ctxs(ctxEvening, ctxRain, ctxStorm, ctxFirmware, ctxPassword, ctxOSUpdate, ctxHomeOffice, ctxNewPhone, ctxRouterSwap),
		titles: [2][]string{{
			"Preiserhöhung ohne Ankündigung?",
			"Schreiben zur Preisanpassung – Sonderkündigungsrecht?",
			"{p} {ctx} plötzlich teurer",
		}, {
			"Price increase without notice?",
			"Letter about a price adjustment – can I cancel?",
			"{P} suddenly more expensive {ctx}",
		}},
		openers: [2][]string{{
			"Ich habe ein Schreiben bekommen, dass {der} ab nächstem Monat {n} Euro im Monat mehr kostet.",
			"Der Preis für {den} ist {ctx} gestiegen, eine Ankündigung habe ich nie bekommen.",
		}, {
			"I got a letter saying my {p} will cost {n} euros a month more from next month.",
			"The price of my {p} has gone up {ctx}, and I never got any notice.",
		}},
		details: [2][]string{{
			"Im Vertrag steht nichts von einer Preisgarantie.",
			"Die Mindestlaufzeit ist seit einem halben Jahr vorbei.",
			"Wenn ich kündigen kann, würde ich gern zu einem günstigeren Tarif wechseln.",
		}, {
			"The contract doesn't say anything about a price guarantee.",
			"The minimum term ended six months ago.",
			"If I can cancel, I'd like to move to a cheaper plan.",
		}},
	},
}
