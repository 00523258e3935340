// A Codec Server made of the Go SDK's own HTTP handler (converter.NewPayloadCodecHTTPHandler) with an AES-GCM
// codec in the samples' byte format (nonce || ciphertext || tag over a serialized Payload, metadata
// encryption-key-id) and the SDK's zlib codec, for HistoryLens's tests and benchmarks.
//
//	codec-server-go -keys KEYFILE [-listen 127.0.0.1:0] [-latency 2ms] [-port-file PATH]
//
// KEYFILE holds ID=SPEC lines (hex:, base64:, text:); /encode encrypts with the first id in sorted order. GET /stats answers {"requests":N,"payloads":M} for the
// /decode requests served so far; everything else goes to the SDK's handler, after the latency.
package main

import (
	"bufio"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/proto"
)

type aesCodec struct {
	keys      map[string][]byte
	encodeKey string // the key /encode encrypts with: the first id in sorted order
}

func gcmFor(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func (c aesCodec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	key, ok := c.keys[c.encodeKey]
	if !ok {
		return nil, errors.New("no key to encode with")
	}
	gcm, err := gcmFor(key)
	if err != nil {
		return nil, err
	}
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		plain, err := proto.Marshal(p)
		if err != nil {
			return nil, err
		}
		nonce := make([]byte, gcm.NonceSize())
		if _, err := rand.Read(nonce); err != nil {
			return nil, err
		}
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{"encoding": []byte("binary/encrypted"), "encryption-key-id": []byte(c.encodeKey)},
			Data:     gcm.Seal(nonce, nonce, plain, nil),
		}
	}
	return out, nil
}

func (c aesCodec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()["encoding"]) != "binary/encrypted" {
			out[i] = p // codecs pass through what they did not encode
			continue
		}
		id := string(p.GetMetadata()["encryption-key-id"])
		key, ok := c.keys[id]
		if !ok && string(p.GetMetadata()["encryption-cipher"]) == "AES/GCM/NoPadding" {
			key, ok = []byte(id), true // the Java sample's convention: its key id is its key
		}
		if !ok {
			return nil, fmt.Errorf("no key for encryption-key-id %q", id)
		}
		gcm, err := gcmFor(key)
		if err != nil {
			return nil, err
		}
		if len(p.Data) < gcm.NonceSize() {
			return nil, errors.New("ciphertext too short")
		}
		plain, err := gcm.Open(nil, p.Data[:gcm.NonceSize()], p.Data[gcm.NonceSize():], nil)
		if err != nil {
			return nil, err
		}
		inner := &commonpb.Payload{}
		if err := proto.Unmarshal(plain, inner); err != nil {
			return nil, err
		}
		out[i] = inner
	}
	return out, nil
}

func readKeys(path string) (map[string][]byte, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	keys := map[string][]byte{}
	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, spec, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("bad key line %q", line)
		}
		scheme, value, _ := strings.Cut(spec, ":")
		var key []byte
		switch scheme {
		case "hex":
			key, err = hex.DecodeString(value)
		case "base64":
			key, err = base64.StdEncoding.DecodeString(value)
		case "text":
			key = []byte(value)
		default:
			err = fmt.Errorf("unknown key scheme %q", scheme)
		}
		if err != nil {
			return nil, err
		}
		keys[strings.TrimSpace(id)] = key
	}
	return keys, scanner.Err()
}

func firstKeyID(keys map[string][]byte) string {
	ids := make([]string, 0, len(keys))
	for id := range keys {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	keyFile := flag.String("keys", "", "key file (ID=SPEC lines)")
	latency := flag.Duration("latency", 0, "delay added to every request")
	portFile := flag.String("port-file", "", "write the port here once listening")
	flag.Parse()
	keys, err := readKeys(*keyFile)
	if err != nil {
		log.Fatal(err)
	}
	handler := converter.NewPayloadCodecHTTPHandler(aesCodec{keys, firstKeyID(keys)}, converter.NewZlibCodec(converter.ZlibCodecOptions{AlwaysEncode: true}))
	var requests, payloads atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/stats", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]int64{"requests": requests.Load(), "payloads": payloads.Load()})
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if *latency > 0 {
			time.Sleep(*latency)
		}
		if strings.HasSuffix(r.URL.Path, "/decode") {
			requests.Add(1)
			body, _ := io.ReadAll(r.Body)
			payloads.Add(int64(strings.Count(string(body), `"metadata"`)))
			r.Body = io.NopCloser(strings.NewReader(string(body)))
		}
		handler.ServeHTTP(w, r)
	})
	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	port := listener.Addr().(*net.TCPAddr).Port
	if *portFile != "" {
		if err := os.WriteFile(*portFile+".tmp", []byte(fmt.Sprint(port)), 0o644); err != nil {
			log.Fatal(err)
		}
		os.Rename(*portFile+".tmp", *portFile)
	}
	fmt.Printf("codec-server-go listening on %s\n", listener.Addr())
	server := &http.Server{Handler: mux, BaseContext: func(net.Listener) context.Context { return context.Background() }}
	log.Fatal(server.Serve(listener))
}
