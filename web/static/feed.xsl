<?xml version="1.0" encoding="utf-8"?>
<!-- Shows a search's Atom feed (web/feed.py) as a readable page in a browser; feed readers
     ignore it. The summaries are snippets: HTML in which everything but <mark> is escaped. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/atom:feed">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/> (feed)</title>
        <link rel="stylesheet" href="/static/style.css"/>
        <link rel="stylesheet" href="/static/feed.css"/>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml"/>
      </head>
      <body class="feed-page">
        <main id="main" class="page feed">
          <p class="feed__kind">Atom feed</p>
          <h1 class="feed__title"><xsl:value-of select="atom:title"/></h1>
          <p class="feed__about">This is a feed of the newest articles matching a search. To follow
            it, copy this page's address into a feed reader; it then shows new matches as they are
            added to the archive.</p>
          <p class="feed__links">
            <a class="feed__results" href="{atom:link[@rel='alternate']/@href}">See the search's results page</a>
            · updated <xsl:value-of select="substring(atom:updated, 1, 10)"/>
          </p>
          <xsl:choose>
            <xsl:when test="atom:entry">
              <ol class="hits feed__entries"><xsl:apply-templates select="atom:entry"/></ol>
            </xsl:when>
            <xsl:otherwise><p class="feed__empty">No article matches this search yet.</p></xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>
  <xsl:template match="atom:entry">
    <li class="hit">
      <h2 class="hit__title"><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
      <p class="hit__meta">
        <xsl:if test="atom:published"><time datetime="{substring(atom:published, 1, 10)}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time></xsl:if>
        <xsl:if test="atom:category"><span class="hit__source"><xsl:value-of select="atom:category/@label"/></span></xsl:if>
      </p>
      <p class="hit__snippet"><xsl:value-of select="atom:summary" disable-output-escaping="yes"/></p>
    </li>
  </xsl:template>
</xsl:stylesheet>
