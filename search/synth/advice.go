package synth

// advice holds the suggestions answers are made of, per fix and language.
var advice = [numFixes][2][]string{
	fxConn: {{
		"Schau mal ins Ereignisprotokoll des Routers, ob dort Synchronisationsverluste oder PPPoE-Fehler stehen.",
		"Trenn den Router mal für mindestens zehn Minuten komplett vom Strom, damit die Leitung neu synchronisiert.",
		"Prüf das Kabel zwischen Anschlussdose und Router, ein defektes DSL-Kabel ist oft die Ursache für Abbrüche.",
		"Lass beim Support einen Leitungstest machen und bitte ausdrücklich darum, das Profil am Port zurückzusetzen.",
		"Bei mir lag es am Router, nach dem Firmware-Update auf die aktuelle Version war Ruhe.",
		"Stell in den DSL-Einstellungen die Störsicherheit eine Stufe höher, das kostet etwas Geschwindigkeit, macht die Verbindung aber stabiler.",
	}, {
		"Have a look at the router's event log to see whether there are sync losses or PPPoE errors.",
		"Unplug the router completely for at least ten minutes so the line resyncs.",
		"Check the cable between the wall socket and the router; a faulty DSL cable is often the cause of drops.",
		"Ask support for a line test and explicitly ask them to reset the profile on your port.",
		"For me it was the router – after updating the firmware to the latest version it was fine.",
		"Increase the line stability setting by one step; you lose a bit of speed but the connection gets more stable.",
	}},
	fxNoNet: {{
		"Schau zuerst auf der Störungsseite des Anbieters nach, ob in deiner Region etwas bekannt ist.",
		"Prüf im Router-Menü, ob die Zugangsdaten noch korrekt eingetragen sind, nach einem Reset sind die manchmal weg.",
		"Wenn die DSL-LED nicht dauerhaft leuchtet, liegt das Problem vermutlich an der Leitung und nicht an deinem WLAN.",
		"Ruf die Technik-Hotline an und lass eine Störung aufnehmen, nur dann kann ein Techniker geschickt werden.",
		"Versuch mal, den Router direkt an der ersten Anschlussdose anzuschließen, ohne Verlängerung.",
	}, {
		"First check the provider's outage page to see whether anything is known in your area.",
		"Check in the router menu whether the login details are still entered correctly; they sometimes vanish after a reset.",
		"If the DSL light isn't solid, the problem is probably the line and not your Wi-Fi.",
		"Call the technical hotline and have them log a fault, that's the only way to get a technician sent out.",
		"Try connecting the router directly to the first wall socket, without an extension.",
	}},
	fxSpeed: {{
		"Miss bitte per LAN-Kabel und nicht über WLAN, sonst sind die Werte nicht aussagekräftig.",
		"Nutze die offizielle Breitbandmessung der Bundesnetzagentur, damit hast du etwas in der Hand, falls die Leistung dauerhaft zu gering ist.",
		"Schau im Router nach der synchronisierten Geschwindigkeit, wenn die schon zu niedrig ist, liegt es an der Leitung.",
		"Abends ist bei Kabelinternet oft das Segment überlastet, das kann nur der Anbieter lösen.",
		"Bei erheblicher Abweichung hast du ein Minderungsrecht, das solltest du dem Anbieter schriftlich mitteilen.",
	}, {
		"Please measure over a LAN cable and not over Wi-Fi, otherwise the numbers don't mean much.",
		"Use the regulator's official broadband measurement, then you have something in hand if the speed stays too low.",
		"Check the synced speed in the router; if that's already too low, it's the line.",
		"With cable internet the segment is often overloaded in the evening, only the provider can fix that.",
		"If the speed is way off you have the right to a price reduction; tell the provider in writing.",
	}},
	fxWifi: {{
		"Stell den WLAN-Kanal manuell ein und probier im 2,4-GHz-Band die Kanäle 1, 6 oder 11.",
		"Deaktivier testweise die Funktion, die 2,4 und 5 GHz unter einem Namen zusammenfasst, manche Geräte kommen damit nicht klar.",
		"Lösch das WLAN-Profil auf den betroffenen Geräten und verbinde dich neu.",
		"Bei mir hat es geholfen, WPA3 abzuschalten und nur WPA2 zu verwenden.",
		"Prüf, ob ein Firmware-Update für den Router verfügbar ist, da wurden schon einige WLAN-Fehler behoben.",
	}, {
		"Set the Wi-Fi channel manually and try channels 1, 6 or 11 on 2.4 GHz.",
		"Try switching off the feature that combines 2.4 and 5 GHz under one name, some devices can't cope with it.",
		"Forget the Wi-Fi network on the affected devices and connect again.",
		"What helped me was turning off WPA3 and using WPA2 only.",
		"Check whether there's a firmware update for the router, a few Wi-Fi bugs have been fixed recently.",
	}},
	fxWifiPw: {{
		"Das voreingestellte WLAN-Passwort steht auf dem Aufkleber auf der Unterseite des Geräts.",
		"Ändern kannst du das Passwort in der Benutzeroberfläche unter WLAN und dann Sicherheit.",
		"Nach einer Passwortänderung musst du das WLAN auf allen Geräten vergessen und neu verbinden.",
		"Wenn du an die Oberfläche nicht mehr rankommst, hilft nur ein Reset auf Werkseinstellungen.",
	}, {
		"The default Wi-Fi password is on the sticker on the bottom of the device.",
		"You can change the password in the web interface under Wi-Fi, then Security.",
		"After changing the password you have to forget the network on every device and reconnect.",
		"If you can't get into the interface any more, a factory reset is the only way.",
	}},
	fxRange: {{
		"Ein Mesh-System bringt bei dicken Wänden deutlich mehr als ein einzelner Repeater.",
		"Stell den Router möglichst zentral und erhöht auf, nicht in einen Schrank oder hinter den Fernseher.",
		"Wenn du irgendwie ein LAN-Kabel ins Obergeschoss legen kannst, ist ein zweiter Access Point die beste Lösung.",
		"Powerline-Adapter sind eine Alternative, funktionieren aber nur gut, wenn die Stromleitungen nicht zu alt sind.",
	}, {
		"With thick walls a mesh system does much better than a single repeater.",
		"Put the router as central and as high as possible, not in a cupboard or behind the TV.",
		"If you can somehow run a LAN cable upstairs, a second access point is the best solution.",
		"Powerline adapters are an alternative, but they only work well if the wiring isn't too old.",
	}},
	fxSetup: {{
		"Bei vielen Anbietern musst du das Mitbenutzersuffix „0001“ an die Zugangsnummer anhängen.",
		"Achte darauf, dass die VLAN-ID 7 eingestellt ist, ohne die kommt keine PPPoE-Verbindung zustande.",
		"Wähl im Assistenten direkt deinen Anbieter aus, dann werden die richtigen Einstellungen automatisch gesetzt.",
		"Falls der Anschluss neu ist, kann es sein, dass er einfach noch nicht geschaltet ist.",
	}, {
		"With many providers you have to append the suffix \"0001\" to the access number.",
		"Make sure VLAN ID 7 is set, without it the PPPoE connection won't come up.",
		"Pick your provider directly in the wizard, then the right settings are applied automatically.",
		"If the line is new, it may simply not be switched on yet.",
	}},
	fxIPv6: {{
		"Bei DS-Lite bekommst du keine öffentliche IPv4-Adresse, Portfreigaben funktionieren dann nur über IPv6.",
		"Viele Anbieter stellen auf Nachfrage kostenlos auf Dual Stack um, einfach bei der Hotline anfragen.",
		"Als Notlösung kannst du einen Tunnel- oder Portmapper-Dienst nutzen.",
		"Prüf, ob die Portfreigabe für IPv6 auch in der Firewall des Routers freigegeben ist.",
	}, {
		"With DS-Lite you don't get a public IPv4 address, so port forwarding only works over IPv6.",
		"Many providers switch you to dual stack for free if you ask, just call the hotline.",
		"As a workaround you can use a tunnel or port mapper service.",
		"Check that the IPv6 port forwarding is also allowed in the router's firewall.",
	}},
	fxDNS: {{
		"Trag im Router einen anderen DNS-Server ein, zum Beispiel 1.1.1.1 oder 9.9.9.9.",
		"Leer mal den DNS-Cache, unter Windows geht das mit „ipconfig /flushdns“.",
		"Wenn es mit einem anderen DNS-Server sofort geht, liegt das Problem beim DNS des Anbieters.",
		"Deaktivier testweise DNS over HTTPS im Browser.",
	}, {
		"Set a different DNS server in the router, for example 1.1.1.1 or 9.9.9.9.",
		"Flush the DNS cache, on Windows that's \"ipconfig /flushdns\".",
		"If it works straight away with a different DNS server, the problem is the provider's DNS.",
		"Try turning off DNS over HTTPS in the browser.",
	}},
	fxFirmware: {{
		"Lade die Firmware-Datei noch einmal herunter und spiel sie manuell über die Benutzeroberfläche ein.",
		"Für viele Geräte gibt es ein Recovery-Programm, mit dem sich die Firmware auch dann wiederherstellen lässt, wenn nichts mehr geht.",
		"Mach vorher eine Sicherung der Einstellungen, nach einem missglückten Update ist ein Werksreset oft nötig.",
		"Warte nach dem Update mindestens zehn Minuten, bevor du das Gerät vom Strom trennst.",
	}, {
		"Download the firmware file again and install it manually through the web interface.",
		"Many devices have a recovery tool that can restore the firmware even when nothing else works.",
		"Back up your settings first, after a failed update a factory reset is often necessary.",
		"Wait at least ten minutes after the update before you unplug the device.",
	}},
	fxDevice: {{
		"Das klingt nach einem Hardwaredefekt, bei Mietgeräten schickt dir der Anbieter normalerweise kostenlos ein Austauschgerät.",
		"Probier ein anderes Netzteil mit gleicher Spannung, defekte Netzteile verursachen oft genau solche Probleme.",
		"Stell das Gerät frei auf, damit es nicht überhitzt.",
		"Setz das Gerät auf Werkseinstellungen zurück und richte es ohne Sicherung neu ein.",
	}, {
		"That sounds like a hardware fault; with rented devices the provider normally sends a replacement for free.",
		"Try a different power supply with the same voltage, faulty power supplies often cause exactly this.",
		"Put the device somewhere open so it doesn't overheat.",
		"Do a factory reset and set it up again without restoring a backup.",
	}},
	fxVoIP: {{
		"Prüf in den Telefonie-Einstellungen, ob die Rufnummer registriert ist, und trag die SIP-Daten notfalls neu ein.",
		"Deaktivier SIP-ALG bzw. die entsprechende Funktion im Router, die verursacht oft einseitige Gespräche.",
		"Lass dir vom Support neue Zugangsdaten für die Telefonie geben.",
		"Bei mir lag es an einer alten Portweiterleitung für Port 5060, nach dem Entfernen ging alles wieder.",
	}, {
		"Check in the telephony settings whether the number is registered, and re-enter the SIP details if necessary.",
		"Turn off SIP ALG or the equivalent feature in the router, it often causes one-way audio.",
		"Ask support for new telephony credentials.",
		"For me it was an old port forward for port 5060; after removing it everything worked again.",
	}},
	fxMobile: {{
		"Stell die Netzwahl auf manuell und wähl dein Netz direkt aus.",
		"Lass dir im Shop eine neue SIM-Karte geben, alte Karten machen manchmal solche Probleme.",
		"Prüf in den Einstellungen, ob VoLTE aktiviert ist, ohne das gibt es bei manchen Tarifen keinen Empfang mehr.",
		"Frag bei der Hotline nach, ob die Karte eventuell gesperrt oder deaktiviert wurde.",
	}, {
		"Set network selection to manual and pick your network directly.",
		"Get a new SIM card in the shop, old cards sometimes cause exactly this.",
		"Check in the settings whether VoLTE is on; on some plans there's no signal without it.",
		"Ask the hotline whether the card has been blocked or deactivated.",
	}},
	fxESIM: {{
		"Den QR-Code kannst du meistens nur einmal verwenden, bestell im Kundenportal ein neues eSIM-Profil.",
		"Achte darauf, dass das Handy während der Aktivierung eine stabile WLAN-Verbindung hat.",
		"Beim Handywechsel musst du die eSIM über die Service-App neu anfordern, eine Übertragung funktioniert bei vielen Anbietern nicht.",
		"Manchmal dauert die Aktivierung im Netz bis zu zwei Stunden, einfach abwarten und dann neu starten.",
	}, {
		"The QR code can usually only be used once, order a new eSIM profile in the customer portal.",
		"Make sure the phone has a stable Wi-Fi connection during activation.",
		"When you change phones you have to request the eSIM again in the service app; transferring it doesn't work with many providers.",
		"Sometimes activation on the network takes up to two hours, just wait and then restart.",
	}},
	fxMobileData: {{
		"Prüf in der Service-App, ob du wirklich noch Datenvolumen hast oder ob die Drosselung schon aktiv ist.",
		"Setz die APN-Einstellungen auf Standard zurück.",
		"In manchen Funkzellen ist abends einfach Überlast, das ändert sich leider erst mit dem Netzausbau.",
		"Schalte 5G testweise ab und nutze nur LTE, bei schlechtem 5G-Empfang ist LTE oft schneller.",
	}, {
		"Check in the service app whether you really still have data left or whether you've already been throttled.",
		"Reset the APN settings to default.",
		"Some cells are simply overloaded in the evening, and that only changes when the network is expanded.",
		"Try switching off 5G and using LTE only; with poor 5G reception LTE is often faster.",
	}},
	fxRoaming: {{
		"Prüf, ob Datenroaming im Handy und in deinem Kundenkonto freigeschaltet ist.",
		"Wähl im Ausland das Netz manuell aus, die automatische Netzwahl hängt manchmal.",
		"Innerhalb der EU darf für normales Roaming nichts extra berechnet werden, leg Widerspruch gegen die Rechnung ein.",
	}, {
		"Check that data roaming is enabled both on the phone and in your customer account.",
		"Select the network manually when abroad, automatic selection sometimes gets stuck.",
		"Within the EU normal roaming mustn't cost extra, so dispute the bill.",
	}},
	fxSIM: {{
		"Den PUK findest du im Kundenportal unter den Details zur SIM-Karte.",
		"Wenn der PUK zehnmal falsch eingegeben wird, ist die Karte endgültig gesperrt, dann brauchst du eine Ersatzkarte.",
		"Die Hotline kann dir den PUK nach einer Legitimation auch telefonisch nennen.",
	}, {
		"You'll find the PUK in the customer portal under the SIM card details.",
		"If the PUK is entered wrong ten times the card is locked for good, and you'll need a replacement.",
		"The hotline can also tell you the PUK over the phone once they've verified who you are.",
	}},
	fxPorting: {{
		"Die Rufnummernmitnahme dauert normalerweise nur wenige Tage, wenn alle Daten exakt übereinstimmen.",
		"Prüf, ob Name und Geburtsdatum beim alten und neuen Anbieter genau gleich hinterlegt sind, das ist der häufigste Fehler.",
		"Du darfst höchstens einen Kalendertag ohne Anschluss sein, beschwer dich notfalls bei der Bundesnetzagentur.",
	}, {
		"Number porting normally only takes a few days if all the details match exactly.",
		"Check that your name and date of birth are stored exactly the same with the old and new provider, that's the most common mistake.",
		"You shouldn't be without service for more than one calendar day, complain to the regulator if necessary.",
	}},
	fxTV: {{
		"Schließ den Receiver per LAN-Kabel an, über WLAN ruckelt IPTV häufig.",
		"Prüf, ob im Router IGMP bzw. Multicast für IPTV aktiviert ist.",
		"Ein Neustart von Router und Receiver in dieser Reihenfolge behebt solche Aussetzer oft.",
		"Wenn gleichzeitig andere Streams laufen, kann die Bandbreite knapp werden.",
	}, {
		"Connect the receiver with a LAN cable, IPTV often stutters over Wi-Fi.",
		"Check whether IGMP or multicast for IPTV is enabled in the router.",
		"Restarting the router and then the receiver, in that order, often fixes these dropouts.",
		"If other streams are running at the same time, bandwidth can get tight.",
	}},
	fxTVApp: {{
		"Melde dich in der App ab, lösch Cache und Daten und melde dich neu an.",
		"Schau auf der Statusseite nach, ob es gerade eine Störung des Dienstes gibt.",
		"Fehler 503 bedeutet meistens, dass der Server überlastet ist, da hilft oft nur abwarten.",
		"Deinstallier die App komplett und installier sie neu, ein einfaches Update reicht manchmal nicht.",
	}, {
		"Sign out of the app, clear cache and data and sign in again.",
		"Check the status page to see whether the service has an outage right now.",
		"Error 503 usually means the server is overloaded, often all you can do is wait.",
		"Uninstall the app completely and reinstall it, a simple update is sometimes not enough.",
	}},
	fxChannels: {{
		"Mach einen kompletten Sendersuchlauf und setz vorher die Senderliste zurück.",
		"Prüf im Kundenportal, ob das HD-Paket noch aktiv ist.",
		"Manchmal werden Senderlisten zentral umgestellt, ein Neustart des Receivers lädt die neue Liste.",
	}, {
		"Do a full channel scan and reset the channel list first.",
		"Check in the customer portal whether the HD package is still active.",
		"Channel lists are sometimes changed centrally; restarting the receiver loads the new list.",
	}},
	fxBill: {{
		"Schau dir im Kundenportal den Einzelverbindungsnachweis an, dort siehst du genau, wofür die Kosten entstanden sind.",
		"Leg schriftlich Widerspruch gegen die Rechnung ein und zahl nur den unstrittigen Betrag.",
		"Drittanbieterkosten kannst du über die Drittanbietersperre dauerhaft verhindern.",
		"Bei doppelten Abbuchungen kannst du die Lastschrift innerhalb von acht Wochen über deine Bank zurückgeben.",
	}, {
		"Look at the itemised bill in the customer portal, it shows exactly what the charges are for.",
		"Dispute the bill in writing and only pay the amount that isn't in dispute.",
		"You can block third-party charges permanently with a third-party block.",
		"If you were charged twice, you can reverse the direct debit through your bank within eight weeks.",
	}},
	fxBillPortal: {{
		"Die Rechnungen findest du im Kundenportal unter „Meine Rechnungen“, dort kannst du sie als PDF herunterladen.",
		"Prüf in den Kontoeinstellungen, ob der Rechnungsversand per E-Mail aktiviert ist.",
		"Wenn der Download nicht klappt, probier es mit einem anderen Browser.",
	}, {
		"You'll find the bills in the customer portal under \"My bills\", where you can download them as PDFs.",
		"Check in the account settings whether bills by email are switched on.",
		"If the download doesn't work, try a different browser.",
	}},
	fxPayment: {{
		"Lass dir von der Bank bestätigen, dass keine Lastschrift eingegangen ist, und schick das dem Anbieter.",
		"Mahngebühren für eine Lastschrift, die der Anbieter nicht eingezogen hat, musst du nicht zahlen.",
		"Hinterleg die Bankverbindung noch einmal neu und erteil ein neues SEPA-Mandat.",
	}, {
		"Get the bank to confirm that no direct debit came in, and send that to the provider.",
		"You don't have to pay late fees for a direct debit the provider never collected.",
		"Enter your bank details again and give a new SEPA mandate.",
	}},
	fxPassword: {{
		"Schau im Spam-Ordner nach, die Mails zum Zurücksetzen landen dort oft.",
		"Wenn die hinterlegte E-Mail-Adresse nicht mehr stimmt, hilft nur ein Anruf bei der Hotline.",
		"Achte darauf, dass dein neues Passwort keine Sonderzeichen enthält, die nicht erlaubt sind.",
		"Nach einer Sperre wegen Fehlversuchen musst du meistens 30 Minuten warten.",
	}, {
		"Check your spam folder, the reset emails often end up there.",
		"If the email address on file is out of date, the only way is to call the hotline.",
		"Make sure your new password doesn't contain special characters that aren't allowed.",
		"After a lockout for wrong attempts you usually have to wait 30 minutes.",
	}},
	fxLogin: {{
		"Lösch Cookies und Cache oder probier es in einem privaten Browserfenster.",
		"Probier es mit einem anderen Browser, bei mir lag es an einer Erweiterung.",
		"Wenn das Konto gesperrt ist, kann es nur der Support wieder freischalten.",
		"Der Fehler 0x80070005 bedeutet „Zugriff verweigert“, starte das Programm testweise als Administrator.",
	}, {
		"Clear cookies and cache or try a private browser window.",
		"Try a different browser, for me it was an extension.",
		"If the account is locked, only support can unlock it.",
		"Error 0x80070005 means \"access denied\", try running the program as administrator.",
	}},
	fx2FA: {{
		"Prüf, ob die richtige Handynummer im Konto hinterlegt ist.",
		"Stell auf eine Authenticator-App um, das ist ohnehin zuverlässiger als SMS.",
		"Manchmal kommen SMS-Codes mit Verzögerung an, warte ein paar Minuten, bevor du einen neuen anforderst.",
	}, {
		"Check that the right mobile number is stored in the account.",
		"Switch to an authenticator app, it's more reliable than SMS anyway.",
		"SMS codes sometimes arrive late, wait a few minutes before requesting a new one.",
	}},
	fxMail: {{
		"Für den Postausgang brauchst du Port 465 mit SSL/TLS oder 587 mit STARTTLS, und die Authentifizierung muss aktiviert sein.",
		"Der Benutzername ist normalerweise die vollständige E-Mail-Adresse.",
		"Lösch das Konto in Outlook und leg es neu an, manchmal hängen alte Einstellungen fest.",
		"Prüf im Webmailer, ob der Zugriff für externe Programme erlaubt ist.",
	}, {
		"For outgoing mail you need port 465 with SSL/TLS or 587 with STARTTLS, and authentication has to be on.",
		"The username is normally the full email address.",
		"Delete the account in Outlook and add it again, old settings sometimes get stuck.",
		"Check in webmail whether access by external programs is allowed.",
	}},
	fxHacked: {{
		"Ändere sofort das Passwort und aktiviere die Zwei-Faktor-Anmeldung.",
		"Prüf, ob Weiterleitungen oder Filterregeln eingerichtet wurden, die du nicht kennst.",
		"Melde den Vorfall dem Support, die können die Anmeldeprotokolle einsehen.",
	}, {
		"Change the password immediately and turn on two-factor login.",
		"Check whether any forwarding or filter rules were set up that you don't recognise.",
		"Report it to support, they can look at the sign-in logs.",
	}},
	fxCancel: {{
		"Schick die Kündigung zusätzlich per E-Mail, damit du einen weiteren Nachweis hast.",
		"Nach Ablauf der Mindestlaufzeit kannst du inzwischen monatlich kündigen.",
		"Bei einer Preiserhöhung steht dir ein Sonderkündigungsrecht zu.",
		"Wenn trotz Kündigung weiter abgebucht wird, lass die Lastschrift über die Bank zurückbuchen.",
	}, {
		"Send the cancellation by email as well, so you have a second record.",
		"Once the minimum term is over you can cancel monthly these days.",
		"A price increase gives you a special right to cancel.",
		"If they keep charging you after cancelling, have the bank reverse the direct debit.",
	}},
	fxMove: {{
		"Melde den Umzug mindestens sechs Wochen vorher an, sonst wird es knapp mit dem Termin.",
		"Frag nach, ob an der neuen Adresse ein Techniker nötig ist, das verzögert die Schaltung oft.",
		"Wenn der Anbieter am neuen Wohnort nicht liefern kann, hast du ein Sonderkündigungsrecht.",
	}, {
		"Register the move at least six weeks in advance, otherwise the date gets tight.",
		"Ask whether a technician is needed at the new address, that often delays activation.",
		"If the provider can't supply the new address, you have a special right to cancel.",
	}},
	fxTariff: {{
		"Die Umstellung wird oft erst nach einem Neustart des Routers aktiv, weil die Leitung neu synchronisieren muss.",
		"Frag beim Support nach, ob der Auftrag wirklich technisch umgesetzt wurde oder nur im System steht.",
		"Wenn die Geschwindigkeit nicht erreicht wird, muss der alte Preis gelten, das würde ich schriftlich einfordern.",
	}, {
		"The change often only takes effect after a router restart, because the line has to resync.",
		"Ask support whether the order has actually been applied technically or is just in the system.",
		"If you don't get the speed, the old price should apply, I'd demand that in writing.",
	}},
	fxTech: {{
		"Beschwer dich schriftlich, für versäumte Techniker-Termine steht dir eine Entschädigung zu.",
		"Lass dir direkt einen neuen Termin geben und notier dir die Auftragsnummer.",
		"Manchmal wird der Termin intern storniert, ohne dass der Kunde informiert wird, frag deshalb vorher noch einmal nach.",
	}, {
		"Complain in writing, you're entitled to compensation for missed technician appointments.",
		"Get a new appointment straight away and note the order number.",
		"Sometimes the appointment is cancelled internally without telling the customer, so check again the day before.",
	}},
	fxOutage: {{
		"Auf der Störungsseite des Anbieters kannst du deine Adresse eingeben und sehen, ob eine Störung bekannt ist.",
		"Bei Bauarbeiten mit beschädigtem Kabel dauert die Reparatur oft ein paar Tage.",
		"Für einen längeren Ausfall steht dir eine Entschädigung zu, die solltest du beantragen.",
		"Als Überbrückung kannst du den Hotspot deines Handys nutzen, manche Anbieter schenken dir dafür extra Datenvolumen.",
	}, {
		"On the provider's outage page you can enter your address and see whether a fault is known.",
		"If a cable was damaged during roadworks, the repair often takes a few days.",
		"You're entitled to compensation for a longer outage, so claim it.",
		"In the meantime you can use your phone's hotspot; some providers give you extra data for that.",
	}},
	fxPing: {{
		"Prüf mit einem Ping direkt auf den Router, ob der Paketverlust schon im Heimnetz entsteht.",
		"Schalte die Priorisierung im Router testweise aus und miss erneut.",
		"Bei Kabelanschlüssen ist abends oft das Segment überlastet, das erklärt hohe Pings zur Primetime.",
		"Stell am Gaming-PC auf LAN um, WLAN erzeugt fast immer Latenzspitzen.",
	}, {
		"Ping the router directly to see whether the packet loss already happens on your home network.",
		"Try turning off prioritisation in the router and measure again.",
		"On cable lines the segment is often overloaded in the evening, which explains high pings at prime time.",
		"Switch the gaming PC to LAN, Wi-Fi almost always causes latency spikes.",
	}},
	fxMesh: {{
		"Setz den Repeater auf Werkseinstellungen zurück und koppel ihn erneut per WPS.",
		"Bring den Repeater für die Einrichtung in die Nähe des Routers und stell ihn erst danach an seinen Platz.",
		"Achte darauf, dass Router und Repeater auf derselben Firmware-Version sind, sonst klappt der Mesh-Verbund oft nicht.",
	}, {
		"Reset the repeater to factory settings and pair it again with WPS.",
		"Bring the repeater close to the router for setup and only move it to its spot afterwards.",
		"Make sure the router and the repeater are on the same firmware version, otherwise mesh often doesn't work.",
	}},
	fxPrice: {{
		"Bei einer einseitigen Preiserhöhung hast du ein Sonderkündigungsrecht, meistens innerhalb von drei Monaten.",
		"Ruf bei der Kündigungsabteilung an, oft bekommst du dann ein besseres Angebot.",
		"Vergleich die aktuellen Neukundentarife, häufig ist ein Wechsel deutlich günstiger.",
	}, {
		"A one-sided price increase gives you a special right to cancel, usually within three months.",
		"Call the cancellations department, you often get a better offer that way.",
		"Compare the current new-customer plans, switching is often a lot cheaper.",
	}},
}
